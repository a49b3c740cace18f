//! Records for the rules' unit tests: a clinic with one person per role.

use chrono::{DateTime, TimeZone, Utc};

use crate::billing::PriceList;
use crate::billing::ledger::{Biller, BillingAccount, Pricing};

use crate::domain::account::{Account, Cycle, PersonalPlan, Staff};
use crate::domain::ids::{AccountId, Counter, Fresh, TeamId};
use crate::domain::policy::{Standing, Who, standings};
use crate::domain::rules::Acting;
use crate::domain::team::{Membership, Role, Team, TeamPlan};
use crate::domain::text::Email;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
}

/// A team, its people, and how each stands towards it.
pub struct Clinic {
    pub fresh: Counter,
    pub team: Team,
    pub billing: BillingAccount,
    pub prices: PriceList,
    pub owner: (Account, Membership),
    pub admin: (Account, Membership),
    pub manager: (Account, Membership),
    pub member: (Account, Membership),
    pub assistant: (Account, Membership),
    pub support: Account,
    pub outsider: Account,
}

pub fn account(fresh: &mut dyn Fresh, email: &str, plan: PersonalPlan) -> Account {
    Account {
        id: AccountId::fresh(fresh),
        email: Email::parse(email).unwrap(),
        name: email.split('@').next().unwrap().to_owned(),
        plan,
        staff: None,
        ssh_keys: Vec::new(),
        created_at: now(),
        plan_history: Vec::new(),
        credit: 0,
        payment_method: None,
    }
}

fn seat(fresh: &mut dyn Fresh, team: &Team, email: &str, role: Role) -> (Account, Membership) {
    let person = account(fresh, email, PersonalPlan::Team);
    let membership = Membership {
        team: team.id,
        account: person.id,
        role,
        joined_at: now(),
    };
    (person, membership)
}

impl Clinic {
    /// A Clinic team (past its trial) owned by olivia@.
    pub fn new() -> Self {
        let mut fresh = Counter::default();
        let owner_id = AccountId::fresh(&mut fresh);
        let team = Team {
            id: TeamId::fresh(&mut fresh),
            name: "Bondi".into(),
            owner: owner_id,
            plan: TeamPlan::Clinic,
            cycle: Cycle::Monthly,
            session_sharing: false,
            trial_used: true,
            payment_method: None,
            billing_email: None,
            created_at: now(),
            deleted: None,
            language: crate::domain::Language::default(),
        };
        let mut owner = seat(&mut fresh, &team, "olivia@bondi.example", Role::Admin);
        owner.0.id = owner_id;
        owner.1.account = owner_id;
        let admin = seat(&mut fresh, &team, "adam@bondi.example", Role::Admin);
        let manager = seat(
            &mut fresh,
            &team,
            "tina@bondi.example",
            Role::TemplateManager,
        );
        let member = seat(&mut fresh, &team, "mo@bondi.example", Role::Member);
        let assistant = seat(&mut fresh, &team, "ash@bondi.example", Role::Assistant);
        let mut support = account(&mut fresh, "sam@vendor.example", PersonalPlan::Free);
        support.staff = Some(Staff::Support);
        let outsider = account(&mut fresh, "otto@else.example", PersonalPlan::Free);
        Clinic {
            billing: BillingAccount::open(team.id, now(), Cycle::Monthly),
            prices: PriceList::default(),
            fresh,
            team,
            owner,
            admin,
            manager,
            member,
            assistant,
            support,
            outsider,
        }
    }

    /// The same team on the Pro plan.
    pub fn pro() -> Self {
        let mut clinic = Self::new();
        clinic.team.plan = TeamPlan::Pro;
        clinic
    }

    /// Every person of the fixture with the standing they hold, in the
    /// order of SPEC §4's columns.
    pub fn people(&self) -> Vec<(Standing, &Account)> {
        vec![
            (Standing::Owner, &self.owner.0),
            (Standing::Admin, &self.admin.0),
            (Standing::TemplateManager, &self.manager.0),
            (Standing::Member, &self.member.0),
            (Standing::Assistant, &self.assistant.0),
            (Standing::Support, &self.support),
            (Standing::Outsider, &self.outsider),
        ]
    }

    /// The membership of `account` in the team, if it has one.
    pub fn membership_of(&self, account: &Account) -> Option<&Membership> {
        [
            &self.owner,
            &self.admin,
            &self.manager,
            &self.member,
            &self.assistant,
        ]
        .into_iter()
        .find(|(person, _)| person.id == account.id)
        .map(|(_, membership)| membership)
    }

    /// How `account` stands towards the team, worked out by the policy.
    pub fn standings_of(&self, account: &Account) -> Vec<Standing> {
        standings(
            Who::Account(account),
            Some((&self.team, self.membership_of(account))),
        )
    }
}

/// Runs `rule` as `account`, with its standings towards the clinic.
pub fn as_person<T>(clinic: &Clinic, account: &Account, rule: impl FnOnce(Acting<'_>) -> T) -> T {
    let standings = clinic.standings_of(account);
    rule(Acting {
        account,
        standings: &standings,
    })
}

/// Runs `rule` with a biller for the clinic's account, its ids from a counter.
pub fn billed<T>(clinic: &Clinic, rule: impl FnOnce(&mut Biller<'_>) -> T) -> T {
    let mut fresh = Counter::default();
    let mut biller = Biller {
        pricing: Pricing {
            prices: &clinic.prices,
            account: &clinic.billing,
        },
        fresh: &mut fresh,
    };
    rule(&mut biller)
}
