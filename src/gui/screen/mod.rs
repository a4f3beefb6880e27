//! One module per screen: its state, `Message`, `update` returning what it asks of the root,
//! and `view`.

pub mod detail;
pub mod enquiry;
pub mod events;
pub mod home;
pub mod import;
pub mod introductions;
pub mod meeting;
pub mod members;
pub mod pair;
pub mod preview;
pub mod register;
pub mod rota;
pub mod search;
pub mod settings;
pub mod statistics;
pub mod welcome;
