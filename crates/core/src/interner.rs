//! The compact columns the search and pairing indexes are made of: strings stored once
//! ([`Interner`]) and closed-list values as one byte ([`code`], [`decode`], [`UNKNOWN`]).

use std::collections::HashMap;

/// Distinct strings, each stored once (occupations, employers, districts repeat a lot).
#[derive(Debug, Default)]
pub(crate) struct Interner {
    pub(crate) strings: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Interner {
    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(text.to_string());
        self.ids.insert(text.to_string(), id);
        id
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.strings
            .iter()
            .map(|s| s.capacity() * 2 + 24 + 32)
            .sum::<usize>()
            + self.strings.capacity() * 24
    }
}

/// A closed-list value not given (a column code).
pub(crate) const UNKNOWN: u8 = u8::MAX;

/// A closed-list value as its position in `all`, or [`UNKNOWN`]: the compact columns of the
/// search and pairing indexes.
pub(crate) fn code<T: Copy + PartialEq>(value: Option<T>, all: &[T]) -> u8 {
    value
        .and_then(|v| all.iter().position(|x| *x == v))
        .map_or(UNKNOWN, |i| i as u8)
}

pub(crate) fn decode<T: Copy>(code: u8, all: &[T]) -> Option<T> {
    all.get(code as usize).copied()
}
