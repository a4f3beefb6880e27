//! What is blotted out before a member's words leave the station's own eyes: the name as a card
//! gives it (王女士), WeChat and QQ accounts and long numbers typed into free texts, the member's
//! own name, registrant and employer in them, and the contacts of a list. The 介绍卡, the shared
//! profiles of 全区共享, the lists of the window and the command line all blot through here.

use super::model::{MemberData, mask_phone, mask_wechat};

/// "王女士": the surname and a polite form of address, all a 介绍卡 says of the name.
pub fn surname_title(d: &MemberData) -> String {
    let surname = super::pinyin::surname(&d.name);
    let polite = match d.gender {
        Some(super::model::Gender::Female) => "女士",
        Some(super::model::Gender::Male) => "先生",
        None => "",
    };
    format!("{surname}{polite}")
}

/// Shown instead of what is blotted out.
const BLOT: &str = "***";

/// Words that say a WeChat or QQ account follows.
const HANDLE_WORDS: &[&str] = &[
    "微信号",
    "微信",
    "威信",
    "薇信",
    "v信",
    "vx",
    "wx",
    "weixin",
    "wechat",
    "qq",
    "加我",
];

/// `text` with every WeChat-like ID blotted out, whoever it belongs to: a word of Latin letters,
/// digits, `_` and `-`, 6 to 20 long, starting with a letter and holding a digit or `_`
/// (`abc_def9`, `li1990`), and any such word of 5 or more after 微信/vx/wx/QQ/加我 (`微信：lihua`).
/// Plain words (`Python`, `well-known`) stay.
pub fn blot_handles(text: &str) -> String {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_part) {
        let (before, word) = rest.split_at(start);
        let end = word.find(|c: char| !is_part(c)).unwrap_or(word.len());
        let (word, after) = word.split_at(end);
        out.push_str(before);
        let named = {
            // The few characters before the word (":", " ", "是", "号") after a handle word.
            let lead: String = out
                .chars()
                .rev()
                .take_while(|c| matches!(c, ':' | '：' | ' ' | '　' | '是' | '号' | '为'))
                .collect();
            let head = out[..out.len() - lead.len()].to_lowercase();
            HANDLE_WORDS.iter().any(|w| head.ends_with(w))
        };
        let length = word.chars().count();
        let id_like = word.starts_with(|c: char| c.is_ascii_alphabetic())
            && (6..=20).contains(&length)
            && word.contains(|c: char| c.is_ascii_digit() || c == '_');
        // A handle word written in Latin letters (vx, wechat) is not itself blotted.
        let is_word = HANDLE_WORDS.contains(&word.to_lowercase().as_str());
        if !is_word && (id_like || (named && length >= 5)) {
            out.push_str(BLOT);
        } else {
            out.push_str(word);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `text` with every number of 7 or more digits (phones, QQ, ID numbers, also in full-width
/// digits) replaced by `***`, and every 10 or more digits written in groups with spaces, dashes or
/// dots between (`138 1234 5678`, `0571-8765-4321`); ranges such as `8000-12000` stay.
pub fn blot_numbers(text: &str) -> String {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_separator = |c: char| matches!(c, ' ' | '-' | '.' | '－' | '—' | '　');
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run of digits, single separators allowed between two digits.
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut grouped = false;
        let mut j = i;
        while j < chars.len() {
            if is_digit(chars[j]) {
                digits += 1;
                end = j + 1;
                j += 1;
            } else if is_separator(chars[j]) && chars.get(j + 1).is_some_and(|&c| is_digit(c)) {
                grouped = true;
                j += 1;
            } else {
                break;
            }
        }
        let longest_group = chars[start..end]
            .split(|&c| !is_digit(c))
            .map(<[char]>::len)
            .max()
            .unwrap_or(0);
        if longest_group >= 7 || (grouped && digits >= 10) {
            out.push_str(BLOT);
        } else {
            out.extend(&chars[start..end]);
        }
        i = end;
    }
    out
}

/// Replaces `secret` in `text`, ignoring the case of ASCII letters.
fn blot_word(text: &str, secret: &str) -> String {
    let secret = secret.trim();
    if secret.chars().count() < 2 {
        return text.to_string();
    }
    // ASCII lower-casing keeps every byte offset, so positions found in the lower-cased text
    // are positions in the text.
    let lower = text.to_ascii_lowercase();
    let wanted = secret.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(at) = lower[from..].find(&wanted) {
        out.push_str(&text[from..from + at]);
        out.push_str(BLOT);
        from += at + wanted.len();
    }
    out.push_str(&text[from..]);
    out
}

/// A member's data as every list shows it when contacts are not to be seen (the `member show`
/// and `--json` outputs): phone, WeChat and the registrant's phone masked as on the sheet, and
/// the numbers and WeChat name typed into the free texts blotted.
pub fn mask_contacts(d: &mut MemberData) {
    d.self_intro = without_contacts(&d.self_intro, d);
    d.hobbies = without_contacts(&d.hobbies, d);
    d.preferences.other = without_contacts(&d.preferences.other, d);
    d.phone = mask_phone(&d.phone);
    d.wechat = mask_wechat(&d.wechat);
    d.registrant.phone = mask_phone(&d.registrant.phone);
}

/// `text` without the member's contacts: numbers and the WeChat name (a masked sheet).
pub(crate) fn without_contacts(text: &str, d: &MemberData) -> String {
    blot_word(&blot_numbers(&blot_handles(text)), &d.wechat)
}

/// `text` with everything that identifies the member blotted out, for what others are shown:
/// contacts, the name and the given name, the registrant's name and the employer.
pub(crate) fn without_identifiers(text: &str, d: &MemberData) -> String {
    let surname = super::pinyin::surname(&d.name);
    let given: String = d
        .name
        .trim()
        .chars()
        .skip(surname.chars().count())
        .collect();
    let mut text = without_contacts(text, d);
    for secret in [&d.name, &given, &d.registrant.name, &d.employer] {
        text = blot_word(&text, secret);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Gender;

    #[test]
    fn identifiers_are_blotted_out_of_what_others_see() {
        let d = MemberData {
            name: "王倩".into(),
            gender: Some(Gender::Female),
            phone: "138-1234-5678".into(),
            wechat: "wq1990".into(),
            employer: "杭州银行".into(),
            ..MemberData::default()
        };
        let text = "我是王倩,大家叫我倩倩,在杭州银行上班,微信WQ1990,电话13812345678或138 1234 5678";
        let shown = without_identifiers(text, &d);
        for secret in ["王倩", "杭州银行", "WQ1990", "13812345678", "5678"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert_eq!(surname_title(&d), "王女士");
    }

    #[test]
    fn long_numbers_are_blotted_however_they_are_written() {
        assert_eq!(blot_numbers("电话13566778899"), "电话***");
        assert_eq!(blot_handles("加我abc_def9聊聊"), "加我***聊聊");
        assert_eq!(
            blot_handles("微信：lihua,QQ 号 zhangsan"),
            "微信：***,QQ 号 ***"
        );
        assert_eq!(blot_handles("vx:wang-fang"), "vx:***");
        assert_eq!(blot_handles("wx13812345678"), "***");
        assert_eq!(
            blot_handles("喜欢 Python 和 well-known 的 IT 书,iPad 不离手"),
            "喜欢 Python 和 well-known 的 IT 书,iPad 不离手"
        );
        assert_eq!(
            blot_handles("身高 170cm,月薪 8000-12000"),
            "身高 170cm,月薪 8000-12000"
        );
        assert_eq!(
            blot_numbers("打 135 6677 8899 或 0571-8765-4321"),
            "打 *** 或 ***"
        );
        assert_eq!(blot_numbers("QQ 12345678."), "QQ ***.");
        assert_eq!(blot_numbers("1990-2000 年在杭州"), "1990-2000 年在杭州");
        assert_eq!(blot_numbers("１３５６６７７８８９９"), "***");
        // Short numbers stay: ages, heights, years, prices.
        assert_eq!(
            blot_numbers("1990年生,身高 165,月薪 8000-12000 元"),
            "1990年生,身高 165,月薪 8000-12000 元"
        );
        assert_eq!(blot_numbers(""), "");
        assert_eq!(
            blot_word("加我 WQ1990 或 wq1990", "wq1990"),
            "加我 *** 或 ***"
        );
        assert_eq!(
            blot_word("一个字", "字"),
            "一个字",
            "one character is left alone"
        );
    }
}
