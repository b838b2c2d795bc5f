//! An estimate as text (a table for people), JSON (for scripts) or SVG (the cost chart).

mod json;
mod svg;
mod text;

pub use json::json;
pub use svg::svg;
pub use text::text;

/// `$1,234.56`; amounts under a dollar keep cents, under a cent show as `<$0.01`.
pub fn usd(value: f64) -> String {
    if value > 0.0 && value < 0.005 {
        return "<$0.01".into();
    }
    let cents = format!("{value:.2}");
    let (whole, fraction) = cents.split_once('.').expect("two decimals");
    format!(
        "${}.{fraction}",
        super::cost::count(whole.parse().expect("digits"))
    )
}

/// Requests a day, rounded to three significant digits: `4,510,000`.
pub fn volume(value: f64) -> String {
    if value <= 0.0 {
        return "0".into();
    }
    let magnitude = value.log10().floor() as i32;
    let scale = 10f64.powi(magnitude - 2);
    super::cost::count((value / scale).round() * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_volumes_read_plainly() {
        assert_eq!(usd(1234.567), "$1,234.57");
        assert_eq!(usd(0.375), "$0.38");
        assert_eq!(usd(0.001), "<$0.01");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(volume(4_512_345.0), "4,510,000");
        assert_eq!(volume(987.6), "988");
    }
}
