use super::*;
use crate::calendar::{days_from_civil, MS_PER_DAY};
use crate::plan::ItemKey;
use crate::seq::SeqNo;
use crate::window::WindowKind;
use crate::write::SourceWrite;

#[test]
fn renders_the_library_s_snapshot_shape() {
    let s = |n: &str| SeqNo::parse(n).unwrap();
    let src = |limit, shard, tokens, overdrawn, last, guard| SourceWrite {
        limit,
        shard,
        tokens,
        events: 2,
        overdrawn,
        last: s(last),
        guard,
    };
    let w = SnapshotWrite {
        key: ItemKey {
            namespace: "a7x3kq",
            entity_id: "e1",
            resource: "gpt-4",
            start_ms: days_from_civil(2024, 1, 1) * MS_PER_DAY,
        },
        window: WindowKind::Daily,
        ttl: 1_711_843_200,
        sources: vec![
            src("tpm", 0, -3, 0, "9", Guard::Equals(s("8"))),
            src("rpm", 0, 2, 1, "7", Guard::Below(s("5"))),
            src("rpm", 1, 5, 0, "6", Guard::Absent),
        ],
    };
    let r = render(&w);
    assert_eq!(r.pk, "a7x3kq/ENTITY#e1");
    assert_eq!(r.sk, "#USAGE#gpt-4#2024-01-01T00:00:00Z");
    assert_eq!(
        r.update_expression,
        "SET #f0 = :f0, #f1 = if_not_exists(#f1, :f1), #f2 = :f2, #f3 = if_not_exists(#f3, :f3), \
         #f4 = :f4, #f5 = :f5, #f6 = if_not_exists(#f6, :f6), #f7 = if_not_exists(#f7, :f7), \
         #f8 = if_not_exists(#f8, :f8), #m0 = :m0, #m1 = :m1, #m2 = :m2 \
         ADD #te :te, #c0 :c0, #o0 :o0, #c1 :c1"
    );
    assert_eq!(
        r.condition_expression,
        "#m0 = :g0 AND (attribute_not_exists(#m1) OR #m1 < :g1) AND attribute_not_exists(#m2)"
    );
    let name = |p: &str| {
        r.names
            .iter()
            .find(|(k, _)| k == p)
            .map(|(_, v)| v.as_str())
    };
    let value = |p: &str| {
        r.values
            .iter()
            .find(|(k, _)| k == p)
            .map(|(_, v)| v.clone())
    };
    let fixed: Vec<&str> = (0..9).map(|i| name(&format!("#f{i}")).unwrap()).collect();
    assert_eq!(
        fixed,
        [
            "entity_id",
            "resource",
            "window",
            "window_start",
            "GSI2PK",
            "GSI2SK",
            "GSI4PK",
            "GSI4SK",
            "ttl"
        ]
    );
    assert_eq!(value(":f2"), Some(Value::S("daily".into())));
    assert_eq!(value(":f4"), Some(Value::S("a7x3kq/RESOURCE#gpt-4".into())));
    assert_eq!(
        value(":f5"),
        Some(Value::S("USAGE#2024-01-01T00:00:00Z#e1".into()))
    );
    assert_eq!(value(":f6"), Some(Value::S("a7x3kq".into())));
    assert_eq!(value(":f7"), Some(Value::S("a7x3kq/ENTITY#e1".into())));
    assert_eq!(value(":f8"), Some(Value::N("1711843200".into())));
    // Limits in name order; both rpm shards in one whole-token counter.
    assert_eq!(
        (name("#c0"), value(":c0")),
        (Some("rpm"), Some(Value::N("7".into())))
    );
    assert_eq!(
        (name("#o0"), value(":o0")),
        (Some("rpm#od"), Some(Value::N("1".into())))
    );
    assert_eq!(
        (name("#c1"), value(":c1")),
        (Some("tpm"), Some(Value::N("-3".into())))
    );
    assert_eq!(name("#m2"), Some("seq#rpm#1"));
    assert_eq!(value(":te"), Some(Value::N("6".into())));
    assert_eq!(value(":g0"), Some(Value::S(format!("{:0>40}", "8"))));
    // Every placeholder used is defined, and no more.
    assert_eq!(r.names.len(), 9 + 1 + 3 + 3);
    assert_eq!(r.values.len(), 9 + 1 + 3 + 2 + 3);
}
