//! Teams, their plan (Pro, Clinic, Clinic on trial), and memberships.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::account::Cycle;
use super::calendar::{day, days_until};
use super::error::DomainError;
use super::ids::{AccountId, TeamId};
use super::policy::Standing;
use super::text;

/// Length of the free Clinic trial started by upgrading a Pro team.
pub const CLINIC_TRIAL_DAYS: i64 = 14;
/// Teams with this many billable seats are pointed at sales.
pub const LARGE_TEAM_SEATS: usize = 10;

/// A member's role in a team; one per membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    TemplateManager,
    Member,
    Assistant,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::TemplateManager,
        Role::Member,
        Role::Assistant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::TemplateManager => "template_manager",
            Role::Member => "member",
            Role::Assistant => "assistant",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let wanted = raw.trim().to_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == wanted)
            .ok_or_else(|| {
                DomainError::Invalid(format!(
                    "\"{}\" is not a role: use admin, template_manager, member or assistant",
                    raw.escape_debug()
                ))
            })
    }

    /// Assistants are free; every other role is a billed seat (R11).
    pub fn is_billable(self) -> bool {
        self != Role::Assistant
    }

    pub fn standing(self) -> Standing {
        match self {
            Role::Admin => Standing::Admin,
            Role::TemplateManager => Standing::TemplateManager,
            Role::Member => Standing::Member,
            Role::Assistant => Standing::Assistant,
        }
    }
}

/// The kind of team as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    /// Centralised payment only, no collaboration tools.
    Pro,
    /// Collaboration: shared templates, free assistants, session sharing.
    Clinic,
}

impl TeamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TeamKind::Pro => "pro",
            TeamKind::Clinic => "clinic",
        }
    }
}

/// The team's plan as stored. A trial's end is derived from the clock: see
/// [`Team::trial_outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamPlan {
    Pro,
    ClinicTrial {
        started_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    },
    Clinic,
}

/// A card on file, stored only as brand, last four digits and expiry (R11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub brand: String,
    pub last4: String,
    pub expiry_month: u8,
    pub expiry_year: u16,
}

impl PaymentMethod {
    /// Checks what an admin typed. A full card number is refused outright:
    /// only the last four digits may ever be stored.
    pub fn from_entry(
        brand: &str,
        last4: &str,
        expiry_month: u8,
        expiry_year: u16,
        now: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        text::refuse_card_number("the card brand", brand)?;
        text::refuse_card_number("the card's last 4 digits", last4)?;
        let brand = brand.trim().to_lowercase();
        let brand_ok = (1..=20).contains(&brand.chars().count())
            && brand.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
        if !brand_ok {
            return Err(DomainError::Invalid(
                "a card brand is 1 to 20 letters or digits, such as visa or mastercard".into(),
            ));
        }
        let last4 = last4.trim();
        if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::Invalid(
                "give only the last 4 digits of the card: a full card number is never stored"
                    .into(),
            ));
        }
        if !(1..=12).contains(&expiry_month) || !(2000..=2099).contains(&expiry_year) {
            return Err(DomainError::Invalid(
                "a card expiry is a month 1-12 and a year such as 2029".into(),
            ));
        }
        let (year, month) = (now.year(), now.month());
        if (i32::from(expiry_year), u32::from(expiry_month)) < (year, month) {
            return Err(DomainError::Invalid(format!(
                "that card expired in {expiry_month:02}/{expiry_year}"
            )));
        }
        Ok(Self {
            brand,
            last4: last4.to_owned(),
            expiry_month,
            expiry_year,
        })
    }

    /// "visa ending 4242, expires 12/2028".
    pub fn describe(&self) -> String {
        format!(
            "{} ending {}, expires {:02}/{}",
            self.brand, self.last4, self.expiry_month, self.expiry_year
        )
    }
}

/// The language a team's emails are written in (a team setting; English by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Pl,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Pl];

    /// The code people type and configuration files hold: `en` or `pl`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Pl => "pl",
        }
    }

    pub fn parse(raw: &str) -> Option<Language> {
        let code = raw.trim().to_ascii_lowercase();
        Language::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// A Pro or Clinic team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub owner: AccountId,
    pub plan: TeamPlan,
    pub cycle: Cycle,
    pub session_sharing: bool,
    /// A team gets one free Clinic trial; later upgrades go straight to Clinic.
    pub trial_used: bool,
    pub payment_method: Option<PaymentMethod>,
    pub billing_email: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set when the owner deleted the team. The record stays so old links and
    /// the audit log can still name it; it holds no members or templates.
    pub deleted: Option<DateTime<Utc>>,
    /// The language of the team's emails (English in exports made before it).
    #[serde(default)]
    pub language: Language,
}

impl Team {
    /// The kind the rules apply at `now`: a trial that has ended without a
    /// payment method on file counts as Pro even before it is recorded.
    pub fn kind_at(&self, now: DateTime<Utc>) -> TeamKind {
        match self.plan {
            TeamPlan::Pro => TeamKind::Pro,
            TeamPlan::Clinic => TeamKind::Clinic,
            TeamPlan::ClinicTrial { .. } => match self.trial_outcome(now) {
                Some(TeamPlan::Pro) => TeamKind::Pro,
                _ => TeamKind::Clinic,
            },
        }
    }

    /// When a trial has ended at `now`, the plan it ends in: Clinic with a
    /// payment method on file, Pro without. `None` while no trial has ended.
    pub fn trial_outcome(&self, now: DateTime<Utc>) -> Option<TeamPlan> {
        match self.plan {
            TeamPlan::ClinicTrial { ends_at, .. } if now >= ends_at => {
                Some(if self.payment_method.is_some() {
                    TeamPlan::Clinic
                } else {
                    TeamPlan::Pro
                })
            }
            _ => None,
        }
    }

    /// Whole days of trial left (rounded up), while a trial runs.
    pub fn trial_days_left(&self, now: DateTime<Utc>) -> Option<i64> {
        match self.plan {
            TeamPlan::ClinicTrial { ends_at, .. } if now < ends_at => {
                Some(days_until(now, ends_at))
            }
            _ => None,
        }
    }

    /// Refuses a team its owner deleted: its record stays only as a
    /// tombstone, so old links and the audit log can still name it.
    pub fn check_live(&self) -> Result<(), DomainError> {
        match self.deleted {
            Some(at) => Err(DomainError::not_found(format!(
                "the team \"{}\" was deleted on {}",
                self.name,
                day(at)
            ))),
            None => Ok(()),
        }
    }

    /// Refuses Clinic-only features on a Pro team, with the sentence R9 asks for.
    /// Where the team's invoices go: its billing email, else its owner's address.
    pub fn bill_to(&self, owner_email: &str) -> String {
        self.billing_email
            .clone()
            .unwrap_or_else(|| owner_email.to_owned())
    }

    pub fn require_clinic(&self, now: DateTime<Utc>, feature: &str) -> Result<(), DomainError> {
        match self.kind_at(now) {
            TeamKind::Clinic => Ok(()),
            TeamKind::Pro => Err(DomainError::refused(format!(
                "the Clinic plan is needed for {feature}: \"{}\" is a Pro team (its admins can upgrade it to Clinic)",
                self.name
            ))),
        }
    }
}

/// How many members hold each kind of seat: (billable, assistants) (R11).
pub fn seat_counts(members: &[Membership]) -> (usize, usize) {
    let assistants = members.iter().filter(|m| !m.role.is_billable()).count();
    (members.len() - assistants, assistants)
}

/// One account's place in one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub team: TeamId,
    pub account: AccountId,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn team_on_trial(ends_at: DateTime<Utc>, card: bool) -> Team {
        Team {
            id: TeamId(uuid::Uuid::from_u128(1)),
            name: "Bondi".into(),
            owner: AccountId(uuid::Uuid::from_u128(2)),
            plan: TeamPlan::ClinicTrial {
                started_at: ends_at - Duration::days(CLINIC_TRIAL_DAYS),
                ends_at,
            },
            cycle: Cycle::Monthly,
            session_sharing: true,
            trial_used: true,
            payment_method: card.then(|| PaymentMethod {
                brand: "visa".into(),
                last4: "4242".into(),
                expiry_month: 12,
                expiry_year: 2030,
            }),
            billing_email: None,
            created_at: ends_at - Duration::days(30),
            deleted: None,
            language: Language::default(),
        }
    }

    #[test]
    fn a_trial_ends_in_clinic_only_with_a_payment_method() {
        let end = Utc.with_ymd_and_hms(2026, 3, 15, 9, 0, 0).unwrap();
        let before = end - Duration::seconds(1);
        assert_eq!(team_on_trial(end, false).kind_at(before), TeamKind::Clinic);
        assert_eq!(team_on_trial(end, false).kind_at(end), TeamKind::Pro);
        assert_eq!(team_on_trial(end, true).kind_at(end), TeamKind::Clinic);
        assert_eq!(team_on_trial(end, false).trial_outcome(before), None);
    }

    #[test]
    fn trial_days_left_round_up() {
        let end = Utc.with_ymd_and_hms(2026, 3, 15, 9, 0, 0).unwrap();
        let team = team_on_trial(end, false);
        assert_eq!(team.trial_days_left(end - Duration::hours(1)), Some(1));
        assert_eq!(team.trial_days_left(end - Duration::days(9)), Some(9));
        assert_eq!(team.trial_days_left(end), None);
    }

    #[test]
    fn cards_keep_only_brand_last_four_and_expiry() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap();
        let card = PaymentMethod::from_entry("Visa", "4242", 12, 2028, now).unwrap();
        assert_eq!(card.describe(), "visa ending 4242, expires 12/2028");
        assert!(PaymentMethod::from_entry("visa", "4242424242424242", 12, 2028, now).is_err());
        assert!(PaymentMethod::from_entry("visa", "42a2", 12, 2028, now).is_err());
        assert!(PaymentMethod::from_entry("visa", "4242", 10, 2026, now).is_err());
        assert!(PaymentMethod::from_entry("visa", "4242", 11, 2026, now).is_ok());
    }

    #[test]
    fn roles_parse_forgivingly_and_refuse_unknown_names() {
        assert_eq!(
            Role::parse("Template-Manager").unwrap(),
            Role::TemplateManager
        );
        assert_eq!(Role::parse("owner").unwrap_err().exit_code(), 6);
    }
}
