//! A person, their personal plan, and the history of what teams did to it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, TeamId};
use super::ssh_key::AccountKey;
use super::team::PaymentMethod;
use super::text::Email;

/// Billing cycle of a personal plan or a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Monthly,
    Yearly,
}

impl Cycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Cycle::Monthly => "monthly",
            Cycle::Yearly => "yearly",
        }
    }
}

/// What an account pays for itself. `Team` means covered by its team (shown
/// as `pro (team)`): an account is in a team exactly when its plan is `Team`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalPlan {
    Free,
    Pro { cycle: Cycle, since: DateTime<Utc> },
    Team,
}

impl PersonalPlan {
    /// How the plan is shown: `free`, `pro (monthly)`, `pro (team)`.
    pub fn label(&self) -> String {
        match self {
            PersonalPlan::Free => "free".into(),
            PersonalPlan::Pro { cycle, .. } => format!("pro ({})", cycle.as_str()),
            PersonalPlan::Team => "pro (team)".into(),
        }
    }
}

/// Vendor staff flags. Staff are not team members by being staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Staff {
    Support,
}

/// Why an account's personal plan changed; kept so a person (and support) can
/// see that nobody paid twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanChange {
    /// A personal Pro subscription was cancelled on joining a team (R6); its
    /// unused days became `credit` (minor units) on the person's own account.
    ProCancelledOnJoining {
        cycle: Cycle,
        paid_since: DateTime<Utc>,
        #[serde(default)]
        credit: i64,
    },
    /// A free account became Pro, covered by the team it joined (R6).
    UpgradedByTeam,
    /// The creator's personal subscription became the team subscription
    /// (R1); its unused days became `credit` on the person's own account.
    MovedToTeam {
        cycle: Cycle,
        #[serde(default)]
        credit: i64,
    },
    /// The account left the team, was removed, or the team was deleted (R7, R8).
    ReturnedToFree,
}

/// One entry of an account's plan history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEvent {
    pub at: DateTime<Utc>,
    pub team: TeamId,
    pub team_name: String,
    pub change: PlanChange,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub email: Email,
    pub name: String,
    pub plan: PersonalPlan,
    pub staff: Option<Staff>,
    /// OpenSSH public keys (`type base64 [comment]`) that log in as this account.
    pub ssh_keys: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub plan_history: Vec<PlanEvent>,
    /// Personal Pro time a team took over, unused, in minor units: kept on
    /// the person's own account, never the team's (R6).
    #[serde(default)]
    pub credit: i64,
    /// The person's own card, for a personal Pro plan (brand, last four
    /// digits and expiry only).
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
}

impl Account {
    pub fn is_support(&self) -> bool {
        self.staff == Some(Staff::Support)
    }

    /// The account's SSH keys. A stored line that does not parse is left
    /// out: only `import` or damage could have put it there, and both
    /// `import` and `doctor` report it.
    pub fn keys(&self) -> impl Iterator<Item = AccountKey> + '_ {
        self.ssh_keys
            .iter()
            .filter_map(|line| AccountKey::parse(line).ok())
    }
}
