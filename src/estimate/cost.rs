//! A monthly bill as priced lines, and the sum of them.

use serde::Serialize;

/// One priced component of the monthly bill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// What is paid for: "DynamoDB writes", "Lambda duration".
    pub component: &'static str,
    /// How the figure was reached: the quantity and the unit price.
    pub basis: String,
    pub monthly_usd: f64,
}

/// The bill of one billing mode.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Bill {
    pub lines: Vec<Line>,
}

impl Bill {
    pub fn add(&mut self, component: &'static str, basis: String, monthly_usd: f64) {
        self.lines.push(Line {
            component,
            basis,
            monthly_usd,
        });
    }

    /// A line priced per million: `{quantity} {what} × {price}/million`.
    pub fn per_million(
        &mut self,
        component: &'static str,
        quantity: f64,
        what: &str,
        unit_price: f64,
    ) {
        self.add(
            component,
            format!("{} {what} × {}/million", count(quantity), price(unit_price)),
            quantity / 1e6 * unit_price,
        );
    }

    pub fn total(&self) -> f64 {
        self.lines.iter().map(|line| line.monthly_usd).sum()
    }
}

/// `1234567.0` as `1,234,567`; fractions below one shown with up to two decimals.
pub fn count(value: f64) -> String {
    if value < 1.0 && value > 0.0 {
        return format!("{value:.2}");
    }
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A unit price as written on a price page: `$0.625`, `$0.0000166667`.
pub fn price(value: f64) -> String {
    let text = format!("{value:.10}");
    let text = text.trim_end_matches('0');
    let text = text.strip_suffix('.').unwrap_or(text);
    // Cents keep two decimals: "$3.50", not "$3.5".
    match text.split_once('.') {
        Some((_, fraction)) if fraction.len() == 1 => format!("${text}0"),
        _ => format!("${text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_and_prices_read_like_price_pages() {
        assert_eq!(count(1_234_567.4), "1,234,567");
        assert_eq!(count(600_000.0), "600,000");
        assert_eq!(count(12.0), "12");
        assert_eq!(count(0.25), "0.25");
        assert_eq!(price(0.625), "$0.625");
        assert_eq!(price(3.5), "$3.50");
        assert_eq!(price(0.0000166667), "$0.0000166667");
        assert_eq!(price(5.0), "$5");
    }

    #[test]
    fn a_bill_totals_its_lines() {
        let mut bill = Bill::default();
        bill.add("a", String::new(), 0.5);
        bill.add("b", String::new(), 1.25);
        assert_eq!(bill.total(), 1.75);
    }
}
