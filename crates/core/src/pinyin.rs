//! Pinyin of member names for search: the syllables of each name (with the surname readings a
//! dictionary gets wrong: 曾 zēng, 单 shàn, 解 xiè …), and matching a typed query such as `zxm`,
//! `zhangxiaoming` or `zhang xm` against them.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

/// The letter a label starts with when typed: its first Latin letter or digit, or the pinyin
/// initial of its first Chinese character (男 → n, 本科 → b). `None` for anything else.
pub fn first_letter(label: &str) -> Option<char> {
    let first = label.trim().chars().next()?;
    if first.is_ascii_alphanumeric() {
        return Some(first.to_ascii_lowercase());
    }
    first.to_pinyin()?.first_letter().chars().next()
}

/// The surname of a name: a compound surname (欧阳, 司马 …) when the name starts with one and is
/// longer than it, otherwise the first character.
pub fn surname(name: &str) -> String {
    let name = name.trim();
    for (surname, syllables) in SURNAMES {
        if syllables.len() > 1 && name.starts_with(surname) && name.chars().count() > 2 {
            return (*surname).to_string();
        }
    }
    name.chars().take(1).collect()
}

/// Surnames read differently from the character's most common reading, and compound surnames.
/// Each entry: the surname and its syllables.
const SURNAMES: &[(&str, &[&str])] = &[
    ("欧阳", &["ou", "yang"]),
    ("长孙", &["zhang", "sun"]),
    ("诸葛", &["zhu", "ge"]),
    ("上官", &["shang", "guan"]),
    ("司马", &["si", "ma"]),
    ("司徒", &["si", "tu"]),
    ("司空", &["si", "kong"]),
    ("令狐", &["ling", "hu"]),
    ("皇甫", &["huang", "fu"]),
    ("东方", &["dong", "fang"]),
    ("夏侯", &["xia", "hou"]),
    ("宇文", &["yu", "wen"]),
    ("慕容", &["mu", "rong"]),
    ("公孙", &["gong", "sun"]),
    ("澹台", &["tan", "tai"]),
    ("尉迟", &["yu", "chi"]),
    ("万俟", &["mo", "qi"]),
    ("单于", &["chan", "yu"]),
    ("轩辕", &["xuan", "yuan"]),
    ("端木", &["duan", "mu"]),
    ("曾", &["zeng"]),
    ("单", &["shan"]),
    ("解", &["xie"]),
    ("区", &["ou"]),
    ("仇", &["qiu"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("盖", &["ge"]),
    ("华", &["hua"]),
    ("任", &["ren"]),
    ("沈", &["shen"]),
    ("秘", &["bi"]),
    ("缪", &["miao"]),
    ("乐", &["yue"]),
    ("覃", &["qin"]),
    ("繁", &["po"]),
    ("召", &["shao"]),
    ("员", &["yun"]),
    ("种", &["chong"]),
    ("翟", &["zhai"]),
    ("阚", &["kan"]),
    ("薄", &["bo"]),
    ("蔚", &["yu"]),
    ("隗", &["wei"]),
    ("瞿", &["qu"]),
    ("宁", &["ning"]),
    ("都", &["du"]),
    ("重", &["chong"]),
    ("柏", &["bai"]),
    ("卜", &["bu"]),
    ("牟", &["mou"]),
    ("谌", &["chen"]),
    ("尉", &["yu"]),
    ("句", &["gou"]),
    ("仉", &["zhang"]),
    ("祭", &["zhai"]),
    ("车", &["che"]),
    ("藏", &["zang"]),
    ("过", &["guo"]),
    ("折", &["she"]),
    ("费", &["fei"]),
    ("纪", &["ji"]),
    ("尹", &["yin"]),
    ("长", &["chang"]),
    ("大", &["da"]),
    ("参", &["can"]),
    ("冼", &["xian"]),
    ("褚", &["chu"]),
    ("鲜", &["xian"]),
];

/// At most this many spellings of one name are kept (polyphonic characters multiply them).
const MAX_VARIANTS: usize = 8;

fn plain(syllable: &str) -> String {
    syllable.replace('ü', "v")
}

/// The readings of one character: the most common first, then the others.
fn readings(c: char) -> Vec<String> {
    let mut all = Vec::new();
    if let Some(first) = c.to_pinyin() {
        all.push(plain(first.plain()));
    }
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi {
            let reading = plain(reading.plain());
            if !all.contains(&reading) {
                all.push(reading);
            }
        }
    }
    all
}

/// The spellings of a name as syllable lists, the most likely first. The surname's own
/// reading comes first, but the dictionary's reading is kept too (a volunteer may type either).
/// Characters without pinyin (letters, digits, ·) are skipped.
pub fn name_spellings(name: &str) -> Vec<Vec<String>> {
    let name = name.trim();
    let mut spellings: Vec<Vec<String>> = vec![Vec::new()];
    let mut rest = name;
    if let Some((surname, syllables)) = SURNAMES
        .iter()
        .find(|(surname, _)| name.starts_with(surname))
    {
        let own: Vec<String> = syllables.iter().map(|s| s.to_string()).collect();
        let mut by_dictionary: Vec<String> = Vec::new();
        for c in surname.chars() {
            by_dictionary.extend(readings(c).into_iter().take(1));
        }
        spellings = vec![own.clone()];
        if by_dictionary != own && by_dictionary.len() == own.len() {
            spellings.push(by_dictionary);
        }
        rest = &name[surname.len()..];
    }
    for c in rest.chars() {
        let options = readings(c);
        if options.is_empty() {
            continue;
        }
        let mut next = Vec::new();
        for spelling in &spellings {
            // Given names: the common reading, and a second one for the polyphonic characters.
            for option in options.iter().take(2) {
                if next.len() >= MAX_VARIANTS {
                    break;
                }
                let mut longer = spelling.clone();
                longer.push(option.clone());
                next.push(longer);
            }
        }
        spellings = next;
    }
    spellings.retain(|s| !s.is_empty());
    spellings
}

/// Every pinyin syllable (from the dictionary), and every prefix of one.
fn syllable_prefixes() -> &'static HashSet<String> {
    static PREFIXES: OnceLock<HashSet<String>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        let mut syllables = BTreeSet::new();
        for code in 0x4E00..=0x9FFF {
            if let Some(c) = char::from_u32(code) {
                syllables.extend(readings(c));
            }
        }
        let mut prefixes = HashSet::new();
        for syllable in syllables {
            for end in 1..=syllable.len() {
                if syllable.is_char_boundary(end) {
                    prefixes.insert(syllable[..end].to_string());
                }
            }
        }
        prefixes
    })
}

/// Lower-case ASCII letters of a pinyin query (spaces and apostrophes dropped; `u` for `ü`
/// is written `v`), or `None` when the query is not pinyin.
pub fn normalize_query(query: &str) -> Option<String> {
    let mut letters = String::new();
    for c in query.chars() {
        match c {
            'a'..='z' => letters.push(c),
            'A'..='Z' => letters.push(c.to_ascii_lowercase()),
            'ü' | 'Ü' => letters.push('v'),
            ' ' | '\'' | '’' => {}
            _ => return None,
        }
    }
    (!letters.is_empty()).then_some(letters)
}

/// What the initials of a name must contain for the name to possibly match `query`: the
/// first letter alone when the whole query could be the beginning of one syllable (`z`,
/// `zhang`), otherwise the initials of the first two syllables the query can begin with
/// (`zhangxm` → `zx`; `wangfang` → `wa`, `wn`, `wg`, `wf`). A prefilter: every match contains
/// one of them, and [`matches`] decides.
pub fn query_initials(query: &str) -> BTreeSet<String> {
    let prefixes = syllable_prefixes();
    let is_prefix =
        |piece: &str| prefixes.contains(piece) || prefixes.contains(&piece.replace('v', "u"));
    let mut found = BTreeSet::new();
    let Some(first) = query.chars().next() else {
        return found;
    };
    if is_prefix(query) {
        found.insert(first.to_string());
        return found;
    }
    for end in 1..query.len() {
        if !query.is_char_boundary(end) || !is_prefix(&query[..end]) {
            break;
        }
        if let Some(second) = query[end..].chars().next() {
            found.insert(format!("{first}{second}"));
        }
    }
    found
}

/// Whether `query` (normalized) spells a run of consecutive syllables of `spelling`, each
/// syllable written out in full or by its beginning (at least its first letter).
pub fn matches(query: &[u8], spelling: &[&str]) -> bool {
    fn from(query: &[u8], spelling: &[&str]) -> bool {
        if query.is_empty() {
            return true;
        }
        let Some((syllable, rest)) = spelling.split_first() else {
            return false;
        };
        let syllable = syllable.as_bytes();
        let mut taken = 0;
        while taken < syllable.len()
            && taken < query.len()
            && same_letter(query[taken], syllable[taken])
        {
            taken += 1;
            if from(&query[taken..], rest) {
                return true;
            }
        }
        false
    }
    !query.is_empty() && (0..spelling.len()).any(|start| from(query, &spelling[start..]))
}

fn same_letter(typed: u8, stored: u8) -> bool {
    typed == stored || (typed == b'u' && stored == b'v')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(name: &str) -> String {
        name_spellings(name)[0].join(" ")
    }

    #[test]
    fn surnames_are_read_as_surnames() {
        assert_eq!(first("曾志伟"), "zeng zhi wei");
        assert_eq!(first("单雄信"), "shan xiong xin");
        assert_eq!(first("解缙"), "xie jin");
        assert_eq!(first("区志强"), "ou zhi qiang");
        assert_eq!(first("仇英"), "qiu ying");
        assert_eq!(first("朴树"), "piao shu");
        assert_eq!(first("查良镛"), "zha liang yong");
        assert_eq!(first("欧阳修"), "ou yang xiu");
        assert_eq!(surname("欧阳修"), "欧阳");
        assert_eq!(surname("王倩"), "王");
        assert_eq!(surname(" 司马 "), "司");
        assert_eq!(surname(""), "");
        assert_eq!(first("长孙无忌"), "zhang sun wu ji");
        assert_eq!(first("吕芳"), "lv fang");
        // The dictionary's reading stays findable too.
        assert!(
            name_spellings("曾志伟")
                .iter()
                .any(|s| s.join(" ") == "ceng zhi wei")
        );
    }

    #[test]
    fn queries_match_full_initials_and_mixed() {
        let spelling = ["zhang", "xiao", "ming"];
        for query in [
            "zxm",
            "zhangxiaoming",
            "zhangxm",
            "zhang",
            "xm",
            "xiaoming",
            "zhxm",
            "zhangxiaom",
            "z",
        ] {
            assert!(matches(query.as_bytes(), &spelling), "{query}");
        }
        for query in ["zm", "zxmm", "xiaozhang", "ming xiao", "q", ""] {
            assert!(!matches(query.as_bytes(), &spelling), "{query}");
        }
        assert!(matches(b"lu", &["lv"]));
    }

    #[test]
    fn query_initials_cover_the_ways_to_read_a_query() {
        assert!(query_initials("zhangxm").contains("zx"));
        assert_eq!(
            query_initials("zxm").into_iter().collect::<Vec<_>>(),
            ["zx"]
        );
        assert!(query_initials("zhangxiaoming").contains("zx"));
        assert_eq!(
            query_initials("zhang").into_iter().collect::<Vec<_>>(),
            ["z"]
        );
        assert!(query_initials("wangfang").contains("wf"));
        assert!(normalize_query("Zhang XM").as_deref() == Some("zhangxm"));
        assert_eq!(normalize_query("张"), None);
        assert_eq!(normalize_query("13812"), None);
    }
}
