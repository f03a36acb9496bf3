//! Entity ids and clock helpers.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::{SystemTime, UNIX_EPOCH};

/// Produces 32-character lowercase hex ids: two 64-bit hashes of a counter
/// under a randomly keyed hasher, so ids differ between runs and never repeat
/// within one generator.
#[derive(Debug)]
pub(crate) struct IdGenerator {
    keys: RandomState,
    counter: u64,
}

impl IdGenerator {
    pub(crate) fn new() -> Self {
        Self { keys: RandomState::new(), counter: 0 }
    }

    /// A fresh id for which `taken` is false.
    pub(crate) fn fresh(&mut self, taken: impl Fn(&str) -> bool) -> String {
        loop {
            self.counter += 1;
            let id = format!("{:016x}{:016x}", self.hash(0), self.hash(1));
            if !taken(&id) {
                return id;
            }
        }
    }

    fn hash(&self, lane: u8) -> u64 {
        self.keys.hash_one((self.counter, lane))
    }
}

/// True for ids of the generated form (32 lowercase hex characters).
#[cfg(test)]
pub(crate) fn is_generated_form(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `id` can be used as an entity id given in a seed: non-empty, at
/// most 64 characters, only ASCII letters, digits, `-` and `_` (it ends up as
/// a URL path segment).
pub(crate) fn is_acceptable_seed_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Seconds since the UNIX epoch.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// `secs` (UNIX time) as an ISO-8601 UTC timestamp, e.g.
/// `2019-12-12T12:13:13Z`.
pub(crate) fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_hex_and_distinct() {
        let mut g = IdGenerator::new();
        let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| g.fresh(|_| false)).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| is_generated_form(id)));
    }

    #[test]
    fn fresh_skips_taken_ids() {
        let mut g = IdGenerator::new();
        let first = g.fresh(|_| false);
        let mut g2 = IdGenerator { keys: g.keys.clone(), counter: 0 };
        let second = g2.fresh(|id| id == first);
        assert_ne!(first, second);
    }

    #[test]
    fn timestamps() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_576_152_793), "2019-12-12T12:13:13Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert!(unix_now() > 1_600_000_000);
    }
}
