//! zael's schedules against the library's own answers (`tests/fixtures/schedule/`,
//! written by `generate.py` with zae-limiter 0.17.0's `schedule.py`).

use super::*;
use serde_json::Value;

fn cases() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/schedule/cases.json"))
        .expect("cases.json is JSON")
}

/// A case's schedule: its compact text and its time zone.
fn schedule(case: &Value) -> (&str, &str) {
    (
        case["compact"].as_str().unwrap(),
        case["tz"].as_str().unwrap(),
    )
}

/// The cases of `kind` (`reset`, `param`) the library accepts: their schedule and the
/// instants checked with the library's answers.
fn accepted<'a>(
    all: &'a Value,
    kind: &'a str,
) -> impl Iterator<Item = ((&'a str, &'a str), &'a Vec<Value>)> + 'a {
    all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |case| case["kind"] == kind && case["ok"] == true)
        .map(|case| (schedule(case), case["at"].as_array().unwrap()))
}

fn opt(v: &Value) -> Option<i64> {
    v.as_i64()
}

#[test]
fn decoding_accepts_and_refuses_what_the_library_does() {
    let all = cases();
    let cases = all["cases"].as_array().unwrap();
    assert!(cases.len() > 400);
    for case in cases {
        let (compact, tz) = schedule(case);
        let ok = case["ok"].as_bool().unwrap();
        let got = match case["kind"].as_str().unwrap() {
            "reset" => decode_reset(compact, tz).map(|_| ()),
            _ => decode(compact, tz).map(|_| ()),
        };
        assert_eq!(got.is_ok(), ok, "{compact:?} in {tz}: {got:?}");
    }
}

#[test]
fn reset_edges_and_matches_agree_with_the_library() {
    let all = cases();
    let mut checked = 0;
    for ((compact, tz), instants) in accepted(&all, "reset") {
        let entries = decode_reset(compact, tz).unwrap();
        for at in instants {
            let now = at[0].as_i64().unwrap();
            let want_matches: Vec<bool> = at[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_bool().unwrap())
                .collect();
            let got_matches: Vec<bool> = entries.iter().map(|c| matches(c, now)).collect();
            assert_eq!(
                got_matches, want_matches,
                "matches {compact:?} {tz} at {now}"
            );
            assert_eq!(
                prev_reset_edge(&entries, now),
                opt(&at[2]),
                "prev {compact:?} {tz} at {now}"
            );
            assert_eq!(
                next_reset_edge_or_cap(&entries, now),
                opt(&at[3]),
                "next {compact:?} {tz} at {now}"
            );
            checked += 1;
        }
    }
    assert!(checked > 3000, "{checked}");
}

#[test]
fn parameters_and_their_changes_agree_with_the_library() {
    let all = cases();
    let base: Vec<i128> = all["base"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| i128::from(v.as_i64().unwrap()))
        .collect();
    let triple = |v: &Value| -> (i128, i128, i128) {
        let a = v.as_array().unwrap();
        let n = |i: usize| i128::from(a[i].as_i64().unwrap());
        (n(0), n(1), n(2))
    };
    let mut checked = 0;
    for ((compact, tz), instants) in accepted(&all, "param") {
        let entries = decode(compact, tz).unwrap();
        for at in instants {
            let now = at[0].as_i64().unwrap();
            let what = format!("{compact:?} {tz} at {now}");
            assert_eq!(
                effective_params(base[0], base[1], base[2], &entries, now),
                triple(&at[1]),
                "{what}"
            );
            assert_eq!(
                effective_params(base[0], 0, base[2], &entries, now),
                triple(&at[2]),
                "{what}"
            );
            assert_eq!(
                next_param_change(&entries, now),
                at[3].as_i64().unwrap(),
                "{what}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// Nothing panics on arbitrary bytes, and every refusal names the stored value.
#[test]
fn arbitrary_text_is_refused_with_its_value_named() {
    for compact in [
        "",
        "1é",
        "1m\u{0}",
        "1m0 5",
        "1mMON",
        "1w sun",
        "x",
        "1;;",
        "1m99999999999999999999999",
    ] {
        for tz in ["UTC", "Europe/Paris", "", "../etc/passwd"] {
            if let Err(e) = decode(compact, tz) {
                assert!(e.to_string().contains(&format!("{compact:?}")), "{e}");
            }
            let _ = decode_reset(compact, tz);
        }
    }
}

#[test]
fn a_step_larger_than_any_field_keeps_its_first_value() {
    let c = decode_reset("1m5/99999999999999999999999", "UTC").unwrap();
    assert_eq!(c[0].minutes, 1 << 5);
    let c = decode_reset("1m*/99999999999999999999999", "UTC").unwrap();
    assert_eq!(c[0].minutes, 1);
}
