//! Team billing (R11, SPEC §2): the price list, billing periods, invoices
//! and pro rata. Pure, like the domain: it computes; the workspace stores.

pub mod invoice;
pub mod ledger;
pub mod period;

use serde::{Deserialize, Serialize};

use crate::domain::team::LARGE_TEAM_SEATS;
use crate::domain::{Cycle, DomainError, TeamKind};

/// The default price list, shipped in `assets/plans.toml`.
pub const DEFAULT_PRICE_LIST: &str = include_str!("../../assets/plans.toml");

/// Seat prices in minor units of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    pub currency: String,
    pub pro: CyclePrices,
    pub clinic: CyclePrices,
}

/// A seat's price for each billing cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CyclePrices {
    pub monthly: i64,
    pub yearly: i64,
}

impl PriceList {
    pub fn parse(toml_text: &str) -> Result<Self, DomainError> {
        let list: PriceList = toml::from_str(toml_text).map_err(|e| {
            DomainError::Invalid(format!("the price list is not valid: {}", e.message()))
        })?;
        let prices = [
            list.pro.monthly,
            list.pro.yearly,
            list.clinic.monthly,
            list.clinic.yearly,
        ];
        if prices.iter().any(|&p| p < 0) {
            return Err(DomainError::Invalid(
                "the price list has a negative price".into(),
            ));
        }
        Ok(list)
    }

    /// What one billable seat costs per period.
    pub fn seat_price(&self, kind: TeamKind, cycle: Cycle) -> i64 {
        let prices = match kind {
            TeamKind::Pro => self.pro,
            TeamKind::Clinic => self.clinic,
        };
        match cycle {
            Cycle::Monthly => prices.monthly,
            Cycle::Yearly => prices.yearly,
        }
    }
}

impl Default for PriceList {
    fn default() -> Self {
        Self::parse(DEFAULT_PRICE_LIST).expect("assets/plans.toml is valid")
    }
}

/// "64.50": minor units shown with two decimals.
pub fn format_money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    format!("{sign}{}.{:02}", minor / 100, minor % 100)
}

/// The hint SPEC §2 asks for on teams of 10 or more billable seats.
pub fn large_team_hint(billable_seats: usize) -> Option<&'static str> {
    (billable_seats >= LARGE_TEAM_SEATS).then_some("large team: contact sales for volume pricing")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_price_list_parses() {
        let prices = PriceList::default();
        assert!(prices.seat_price(TeamKind::Clinic, Cycle::Monthly) > 0);
    }

    #[test]
    fn money_is_shown_with_two_decimals() {
        assert_eq!(format_money(6450), "64.50");
        assert_eq!(format_money(5), "0.05");
        assert_eq!(format_money(-4160), "-41.60");
    }

    #[test]
    fn ten_billable_seats_make_a_large_team() {
        assert_eq!(large_team_hint(9), None);
        assert!(large_team_hint(10).unwrap().contains("contact sales"));
    }
}
