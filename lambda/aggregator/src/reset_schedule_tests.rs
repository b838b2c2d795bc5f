use super::*;

/// 2026-03-01T10:13:00Z, a Sunday.
const NOW: i64 = 1_772_359_980_000;

/// Edges the library itself computes (`prev_reset_edge`, `_next_reset_edge` of
/// zae-limiter 0.17.0 at `NOW`), including one with no edge in reach (a leap day).
#[test]
fn edges_agree_with_the_library() {
    let cases: [(&str, Option<i64>, i64); 10] = [
        ("1m0h0", Some(1_772_323_200_000), 1_772_409_600_000),
        ("1m0h0D1", Some(1_772_323_200_000), 1_775_001_600_000),
        ("1m30", Some(1_772_357_400_000), 1_772_361_000_000),
        ("1h5", Some(1_772_341_200_000), 1_772_427_600_000),
        ("1m0h0w1", Some(1_771_804_800_000), 1_772_409_600_000),
        ("1m0h0D15w5", Some(1_772_150_400_000), 1_772_755_200_000),
        ("1m0h0D1M1", Some(1_767_225_600_000), 1_798_761_600_000),
        ("1m0h0D29M2", None, 1_803_982_380_000),
        ("1M3", Some(1_772_323_200_000), 1_803_859_200_000),
        ("1w7", Some(1_772_323_200_000), 1_772_928_000_000),
    ];
    for (compact, prev, next) in cases {
        let entries = decode(compact, "UTC").unwrap();
        assert_eq!(prev_reset_edge(&entries, NOW), prev, "{compact}");
        assert_eq!(
            next_reset_edge_or_cap(&entries, NOW),
            Some(next),
            "{compact}"
        );
    }
}

#[test]
fn several_entries_take_the_latest_edge_back_and_the_earliest_forward() {
    let entries = decode("1m0h0;m30", "UTC").unwrap();
    assert_eq!(prev_reset_edge(&entries, NOW), Some(1_772_357_400_000));
    assert_eq!(
        next_reset_edge_or_cap(&entries, NOW),
        Some(1_772_361_000_000)
    );
    assert_eq!(prev_reset_edge(&[], NOW), None);
    assert_eq!(next_reset_edge_or_cap(&[], NOW), None);
}

#[test]
fn sunday_is_0_or_7_and_an_edge_at_now_counts() {
    let a = decode("1m13h10w0", "UTC").unwrap();
    let b = decode("1m13h10w7", "UTC").unwrap();
    assert_eq!(a, b);
    assert_eq!(prev_reset_edge(&a, NOW), Some(NOW));
}

/// Whatever zael does not evaluate, or the library would not decode, is refused, never
/// guessed; nothing panics on arbitrary bytes.
#[test]
fn anything_else_is_unsupported() {
    for compact in [
        "", "1", "m0h0", "2m0h0", "10m0", "1m0-5", "1m0,30", "1m*/5", "1h24", "1m60", "1D0",
        "1M13", "1w8", "1m0m1", "1m0;", "1x1", "1m0s500", "1D30M2", "1D31M4", "1mé", "1m",
    ] {
        assert!(decode(compact, "UTC").is_err(), "{compact:?}");
    }
    assert!(decode("1m0h0", "Europe/Paris").is_err());
}
