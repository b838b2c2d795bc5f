//! Audit archive objects: which expired audit items go into which S3 object, under which
//! key, with which bytes. Pure; the upload is [`crate::archive_store`].
//!
//! A batch's removals are grouped by the UTC day of their removal; each group is one
//! object, `audit/year=YYYY/month=MM/day=DD/{first}-{last}.jsonl.gz`, where `first` and
//! `last` are the group's lowest and highest sequence numbers, zero-padded to 40 digits
//! (so a listing sorts in stream order). The body is gzip'd JSON Lines
//! ([`crate::jsonl`]), one line per removal, in sequence order.
//!
//! **Deterministic.** Key and bytes depend only on the records: the gzip header carries
//! mtime 0, no file name and OS byte 255 ("unknown"), and the deflate stream comes from
//! the pure-Rust miniz_oxide at a fixed level. Redelivering the same records in the same
//! batch therefore rewrites the same key with the same bytes (a no-op for readers).
//! (A different miniz_oxide release could compress differently: same lines, other bytes.)
//!
//! **Delivery guarantee.** Every expired audit item that the aggregator acknowledges is
//! in at least one object. Lambda delivers at least once and may cut batches differently
//! on retry (partial-failure resume, bisect on error), and a different cut gives a
//! different `{first}-{last}` key, so an item can appear in more than one object: lines
//! carry `event_id` (and `sequence_number`) for readers to de-duplicate. Items Lambda
//! gives up on (retries or record age exhausted) go to the DLQ as a sequence range, not
//! archived; the stream keeps them 24 hours for a manual re-drive.

use crate::audit::Removal;
use crate::calendar::{civil_from_days, MS_PER_DAY};
use crate::jsonl;
use flate2::{Compression, GzBuilder};
use std::io::Write;

/// Prefix of every archive key (the function's only S3 permission is on `audit/*`).
pub const KEY_PREFIX: &str = "audit/";
/// Deflate level: the default trade-off; fixed so output bytes do not drift.
pub const GZIP_LEVEL: u32 = 6;

/// The removals of one batch that share a removal day: one archive object.
#[derive(Clone, Debug, PartialEq)]
pub struct DayGroup<'a> {
    /// Days since 1970-01-01 (UTC) of the removals.
    pub day: i64,
    /// In sequence order.
    pub removals: Vec<Removal<'a>>,
}

/// Groups `removals` by UTC removal day: groups in order of their first sequence
/// number, removals in sequence order inside each.
pub fn day_groups<'a>(removals: &[Removal<'a>]) -> Vec<DayGroup<'a>> {
    let mut sorted = removals.to_vec();
    sorted.sort_by_key(|r| r.seq);
    let mut groups: Vec<DayGroup<'a>> = Vec::new();
    for r in sorted {
        let day = r.removed_ms.div_euclid(MS_PER_DAY);
        match groups.iter_mut().find(|g| g.day == day) {
            Some(g) => g.removals.push(r),
            None => groups.push(DayGroup {
                day,
                removals: vec![r],
            }),
        }
    }
    groups
}

impl DayGroup<'_> {
    /// The object key (see the module docs).
    pub fn key(&self) -> String {
        let (y, m, d) = civil_from_days(self.day);
        let first = self.removals.first().expect("a group is never empty").seq;
        let last = self.removals.last().expect("a group is never empty").seq;
        format!(
            "{KEY_PREFIX}year={y:04}/month={m:02}/day={d:02}/{}-{}.jsonl.gz",
            first.as_str(),
            last.as_str()
        )
    }

    /// Batch position of the group's earliest record (what a failure reports).
    pub fn first_index(&self) -> u32 {
        self.removals
            .iter()
            .map(|r| r.index)
            .min()
            .unwrap_or(u32::MAX)
    }

    /// The uncompressed JSON Lines, one `\n`-terminated line per removal.
    pub fn jsonl(&self) -> String {
        let mut out = String::new();
        for r in &self.removals {
            out.push_str(&jsonl::line(r));
            out.push('\n');
        }
        out
    }

    /// The object body: [`Self::jsonl`], gzip'd deterministically.
    pub fn body(&self) -> Vec<u8> {
        gzip(self.jsonl().as_bytes())
    }
}

/// Deterministic gzip (see the module docs).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::new(GZIP_LEVEL));
    // Writing into a Vec cannot fail.
    enc.write_all(data).expect("gzip into memory");
    enc.finish().expect("gzip into memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, tests::removal_record};
    use aws_lambda_events::dynamodb::EventRecord;
    use flate2::read::GzDecoder;
    use std::io::Read;

    /// 2024-06-30T23:59:59Z and one second later, 2024-07-01T00:00:00Z.
    const BEFORE_MIDNIGHT_S: f64 = 1_719_791_999.0;
    const MIDNIGHT_S: f64 = 1_719_792_000.0;

    fn records(spec: &[(&str, &str, f64)]) -> Vec<EventRecord> {
        spec.iter()
            .map(|(seq, ev, at)| {
                removal_record(seq, "ns1/AUDIT#acme", &format!("#AUDIT#{ev}"), true, *at)
            })
            .collect()
    }

    fn removals(recs: &[EventRecord]) -> Vec<Removal<'_>> {
        recs.iter()
            .enumerate()
            .map(|(i, r)| audit::parse(i as u32, r).unwrap())
            .collect()
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn a_batch_across_midnight_utc_makes_one_object_per_day() {
        let recs = records(&[
            ("100", "a", BEFORE_MIDNIGHT_S),
            ("101", "b", BEFORE_MIDNIGHT_S + 0.999),
            ("102", "c", MIDNIGHT_S),
            ("103", "d", MIDNIGHT_S + 5.0),
        ]);
        let groups = day_groups(&removals(&recs));
        let keys: Vec<String> = groups.iter().map(DayGroup::key).collect();
        let pad = |s: &str| format!("{s:0>40}");
        assert_eq!(
            keys,
            [
                format!(
                    "audit/year=2024/month=06/day=30/{}-{}.jsonl.gz",
                    pad("100"),
                    pad("101")
                ),
                format!(
                    "audit/year=2024/month=07/day=01/{}-{}.jsonl.gz",
                    pad("102"),
                    pad("103")
                ),
            ]
        );
        assert_eq!(
            groups.iter().map(DayGroup::first_index).collect::<Vec<_>>(),
            [0, 2]
        );
    }

    #[test]
    fn removals_are_written_in_sequence_order() {
        // Out of order in the batch (never in practice, but the order must not depend
        // on it): the object still lists them by sequence number.
        let recs = records(&[
            ("9", "late", BEFORE_MIDNIGHT_S),
            ("10", "later", BEFORE_MIDNIGHT_S),
            ("8", "early", BEFORE_MIDNIGHT_S),
        ]);
        let groups = day_groups(&removals(&recs));
        assert_eq!(groups.len(), 1);
        let events: Vec<&str> = groups[0].removals.iter().map(|r| r.event_id).collect();
        assert_eq!(events, ["early", "late", "later"]);
        assert!(groups[0]
            .key()
            .ends_with(&format!("/{:0>40}-{:0>40}.jsonl.gz", "8", "10")));
        assert_eq!(groups[0].first_index(), 0);
    }

    #[test]
    fn body_gunzips_to_one_line_per_removal() {
        let recs = records(&[("100", "a", MIDNIGHT_S), ("101", "b", MIDNIGHT_S + 1.5)]);
        let groups = day_groups(&removals(&recs));
        let text = gunzip(&groups[0].body());
        assert_eq!(text, groups[0].jsonl());
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(text.ends_with('\n'));
        assert_eq!(lines[0]["event_id"], "a");
        assert_eq!(lines[1]["event_id"], "b");
        assert_eq!(lines[1]["removed_at"], "2024-07-01T00:00:01Z");
        assert_eq!(lines[1]["sequence_number"], "101");
        assert_eq!(lines[1]["entity_id"], "acme");
        assert_eq!(lines[1]["item"]["action"], "limit_set");
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let data = b"{\"a\":1}\n".repeat(1000);
        let a = gzip(&data);
        assert_eq!(a, gzip(&data));
        assert!(a.len() < data.len() / 10, "compresses: {}", a.len());
        // Header: magic, deflate, no flags, mtime 0, OS 255.
        assert_eq!(&a[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        assert_eq!(gunzip(&a).as_bytes(), &data[..]);
        assert_eq!(gunzip(&gzip(b"")), "");
    }
}
