use super::*;
use crate::plan::Entry;

const TTL: i64 = 1_780_000_000;

fn seq(n: u64) -> SeqNo {
    SeqNo::parse(&n.to_string()).unwrap()
}

fn e(index: u32, s: u64, tokens: i64) -> Entry {
    Entry {
        index,
        seq: seq(s),
        tokens,
        overdrawn: false,
    }
}

fn group() -> Group<'static> {
    Group {
        key: ItemKey {
            namespace: "ns",
            entity_id: "e1",
            resource: "gpt-4",
            start_ms: 0,
        },
        window: WindowKind::Hourly,
        sources: vec![
            Source {
                limit: "rpm",
                shard: 0,
                entries: vec![e(0, 10, 1), e(2, 30, 1), e(4, 50, -1)],
            },
            Source {
                limit: "tpm",
                shard: 0,
                entries: vec![
                    e(1, 20, 1500),
                    Entry {
                        overdrawn: true,
                        ..e(3, 40, 7)
                    },
                ],
            },
        ],
    }
}

#[test]
fn first_write_sums_and_guards_below_first() {
    let w = group().first_write(TTL);
    assert_eq!(w.ttl, TTL);
    assert_eq!(w.sources.len(), 2);
    assert_eq!(
        w.sources[0],
        SourceWrite {
            limit: "rpm",
            shard: 0,
            tokens: 1,
            events: 3,
            overdrawn: 0,
            last: seq(50),
            guard: Guard::Below(seq(10))
        }
    );
    assert_eq!(
        w.sources[1],
        SourceWrite {
            limit: "tpm",
            shard: 0,
            tokens: 1507,
            events: 2,
            overdrawn: 1,
            last: seq(40),
            guard: Guard::Below(seq(20))
        }
    );
    assert_eq!(w.total_events(), 5);
}

/// A stored mark holding sequence number `n`.
fn mark(n: u64) -> StoredMark {
    StoredMark::String(seq(n).as_str().into())
}

#[test]
fn after_read_drops_applied_records_and_pins() {
    let marks = [mark(30), StoredMark::Absent];
    let w = group().write_after_read(TTL, &marks).unwrap().unwrap();
    assert_eq!(
        w.sources[0],
        SourceWrite {
            limit: "rpm",
            shard: 0,
            tokens: -1,
            events: 1,
            overdrawn: 0,
            last: seq(50),
            guard: Guard::Equals(seq(30))
        }
    );
    assert_eq!(w.sources[1].guard, Guard::Absent);
    assert_eq!(w.sources[1].tokens, 1507);
}

#[test]
fn after_read_leaves_out_fully_applied_sources() {
    let marks = [mark(50), StoredMark::Absent];
    let w = group().write_after_read(TTL, &marks).unwrap().unwrap();
    assert_eq!(w.sources.len(), 1);
    assert_eq!(w.sources[0].limit, "tpm");
}

#[test]
fn after_read_with_everything_applied_writes_nothing() {
    let marks = [mark(99), mark(40)];
    assert_eq!(group().write_after_read(TTL, &marks), Ok(None));
}

#[test]
fn foreign_marks_are_errors() {
    let err = group()
        .write_after_read(TTL, &[StoredMark::NotAString, StoredMark::Absent])
        .unwrap_err();
    assert_eq!(err.attribute, "seq#rpm#0");
    let err = group()
        .write_after_read(TTL, &[StoredMark::String("30".into()), StoredMark::Absent])
        .unwrap_err();
    assert!(err.to_string().contains("\"30\""), "{err}");
}
