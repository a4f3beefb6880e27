//! What several of the core's tests need.

use hongniang_core::introductions::{Side, Stage};
use hongniang_core::{Actor, Db};

/// Both sides agreed and were given the contacts (on the day of the introduction), unless done
/// already: what a meeting needs first.
pub fn agreed(db: &mut Db, id: i64) {
    let i = db.introduction(id).unwrap();
    if i.stage != Stage::Introduced || i.contacts_exchanged() {
        return;
    }
    let (on, actor) = (i.introduced_on, Actor::terminal());
    if i.a_agreed_on.is_none() {
        db.agree_to_introduction(id, Side::A, on, &actor, "", on)
            .unwrap();
    }
    if i.b_agreed_on.is_none() {
        db.agree_to_introduction(id, Side::B, on, &actor, "", on)
            .unwrap();
    }
    db.exchange_contacts(id, on, &actor, "", on).unwrap();
}
