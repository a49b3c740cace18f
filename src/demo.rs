//! The demo store: `assets/demo.toml` is a dated script of ordinary
//! commands (accounts, teams, invitations, joins, templates...) that is played
//! through the workspace on a clock set in the past, so everything in the demo
//! happened the way it would for real, audit log included.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::domain::{Cycle, Role, Staff};
use crate::sources::ManualClock;
use crate::store::OpenMode;
use crate::tui::state::DemoPerson;
use crate::workspace::{
    Actor, BillingRequest, CardDetails, Command, InviteResult, NewPlan, Outcome, Settings,
    TeamChoice, TeamSettings, Workspace,
};

/// The shipped demo script.
pub const DEMO_SCRIPT: &str = include_str!("../assets/demo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    /// The people the demo's switcher offers, in order.
    cast: Vec<CastEntry>,
    step: Vec<StepEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CastEntry {
    part: String,
    email: String,
}

/// One step: when (days before the demo starts, fractions allowed), who, what.
#[derive(Debug, Deserialize)]
struct StepEntry {
    day: f64,
    #[serde(rename = "as")]
    actor: Option<String>,
    /// The step is meant to be refused (a wrong account opening a link...).
    #[serde(default)]
    refused: bool,
    #[serde(flatten)]
    step: Step,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Step {
    Account {
        email: String,
        name: String,
        #[serde(default)]
        pro: Option<String>,
        #[serde(default)]
        support: bool,
    },
    CreateTeam {
        name: String,
    },
    Upgrade,
    Invite {
        emails: Vec<String>,
        #[serde(default = "member")]
        role: String,
    },
    Resend {
        email: String,
    },
    Revoke {
        email: String,
    },
    /// Opens the newest link sent to `link_of` (or `first_link_of`) as the step's actor.
    Join {
        #[serde(default)]
        link_of: Option<String>,
        #[serde(default)]
        first_link_of: Option<String>,
        #[serde(default)]
        name: Option<String>,
    },
    Role {
        email: String,
        role: String,
    },
    Template {
        name: String,
        body: String,
    },
    EditTemplate {
        name: String,
        body: String,
        base_version: u32,
    },
    Card {
        brand: String,
        last4: String,
        month: u8,
        year: u16,
    },
    SessionSharing {
        on: bool,
    },
}

fn member() -> String {
    "member".into()
}

/// The demo's cast, for the switcher.
pub fn cast() -> Vec<DemoPerson> {
    let script: Script = toml::from_str(DEMO_SCRIPT).expect("assets/demo.toml is valid");
    script
        .cast
        .into_iter()
        .map(|entry| DemoPerson {
            part: entry.part,
            email: entry.email,
        })
        .collect()
}

/// Plays the demo script into an empty store so that its last step happens
/// just before `now`. Returns how many steps ran.
pub fn seed(
    dir: &std::path::Path,
    settings: Settings,
    now: DateTime<Utc>,
) -> Result<usize, String> {
    let script: Script =
        toml::from_str(DEMO_SCRIPT).map_err(|e| format!("assets/demo.toml: {}", e.message()))?;
    let clock = Arc::new(ManualClock::new(now));
    let workspace = Workspace::open(dir, OpenMode::CreateIfMissing, clock.clone(), settings)
        .map_err(|e| e.to_string())?;
    if !workspace
        .export(&Actor::Operator)
        .map_err(|e| e.to_string())?
        .accounts
        .is_empty()
    {
        return Err(format!(
            "{} already holds data: use `teamdesk demo --reset` to start over",
            dir.display()
        ));
    }
    let mut links: HashMap<String, Vec<String>> = HashMap::new();
    let mut steps: Vec<&StepEntry> = script.step.iter().collect();
    // Oldest first; steps of the same day keep their order in the file.
    steps.sort_by(|a, b| b.day.total_cmp(&a.day));
    for (index, entry) in steps.into_iter().enumerate() {
        let at = now - Duration::seconds((entry.day * 86_400.0) as i64);
        clock.set(at);
        let actor = match &entry.actor {
            Some(email) => Actor::person(email).map_err(|e| format!("step {}: {e}", index + 1))?,
            None => Actor::Operator,
        };
        let command =
            command_for(&entry.step, &links).map_err(|e| format!("step {}: {e}", index + 1))?;
        match (workspace.execute(&actor, command), entry.refused) {
            (Ok(outcome), false) => remember_links(&mut links, &outcome),
            (Err(_), true) => {}
            (Ok(_), true) => return Err(format!("step {} should have been refused", index + 1)),
            (Err(error), false) => return Err(format!("step {}: {error}", index + 1)),
        }
    }
    clock.set(now);
    workspace.remember_clock().map_err(|e| e.to_string())?;
    Ok(script.step.len())
}

fn remember_links(links: &mut HashMap<String, Vec<String>>, outcome: &Outcome) {
    match outcome {
        Outcome::Invited(results) => {
            for result in results {
                if let InviteResult::Invited(sent) = result {
                    links
                        .entry(sent.email.clone())
                        .or_default()
                        .push(sent.link.clone());
                }
            }
        }
        Outcome::Resent(sent) => links
            .entry(sent.email.clone())
            .or_default()
            .push(sent.link.clone()),
        _ => {}
    }
}

fn role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).map_err(|e| e.to_string())
}

fn command_for(step: &Step, links: &HashMap<String, Vec<String>>) -> Result<Command, String> {
    Ok(match step {
        Step::Account {
            email,
            name,
            pro,
            support,
        } => Command::CreateAccount {
            email: email.clone(),
            name: name.clone(),
            plan: match pro.as_deref() {
                None => NewPlan::Free,
                Some("monthly") => NewPlan::Pro(Cycle::Monthly),
                Some("yearly") => NewPlan::Pro(Cycle::Yearly),
                Some(other) => return Err(format!("unknown cycle {other}")),
            },
            staff: support.then_some(Staff::Support),
        },
        Step::CreateTeam { name } => Command::CreateTeam { name: name.clone() },
        Step::Upgrade => Command::UpgradeTeam,
        Step::Invite { emails, role: raw } => Command::Invite {
            emails: emails.clone(),
            role: role(raw)?,
        },
        Step::Resend { email } => Command::ResendInvitation {
            team: TeamChoice::Own,
            email: email.clone(),
        },
        Step::Revoke { email } => Command::RevokeInvitation {
            team: TeamChoice::Own,
            email: email.clone(),
        },
        Step::Join {
            link_of,
            first_link_of,
            name,
        } => {
            let link = match (link_of, first_link_of) {
                (Some(email), _) => links.get(email).and_then(|all| all.last()),
                (None, Some(email)) => links.get(email).and_then(|all| all.first()),
                (None, None) => return Err("a join names link_of or first_link_of".into()),
            };
            Command::Join {
                link: link
                    .cloned()
                    .ok_or("no link was sent to that address yet")?,
                name: name.clone(),
            }
        }
        Step::Role { email, role: raw } => Command::ChangeRole {
            email: email.clone(),
            role: role(raw)?,
        },
        Step::Template { name, body } => Command::AddTemplate {
            name: name.clone(),
            body: body.clone(),
        },
        Step::EditTemplate {
            name,
            body,
            base_version,
        } => Command::EditTemplate {
            name: name.clone(),
            body: body.clone(),
            based_on: *base_version,
        },
        Step::Card {
            brand,
            last4,
            month,
            year,
        } => Command::UpdateBilling(BillingRequest {
            card: Some(CardDetails {
                brand: brand.clone(),
                last4: last4.clone(),
                expiry_month: *month,
                expiry_year: *year,
            }),
            ..BillingRequest::default()
        }),
        Step::SessionSharing { on } => Command::ChangeSettings(TeamSettings {
            session_sharing: Some(*on),
            ..TeamSettings::default()
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_script_plays_through_and_keeps_every_invariant() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let steps = seed(dir.path(), Settings::default(), now).unwrap();
        assert!(steps > 20);
        let workspace = Workspace::open(
            dir.path(),
            OpenMode::MustExist,
            Arc::new(ManualClock::new(now)),
            Settings::default(),
        );
        // The seeding workspace is closed; a fresh one can open the store.
        let workspace = workspace.unwrap();
        assert!(workspace.doctor(&Actor::Operator).unwrap().is_sound());
        for person in cast() {
            let actor = Actor::person(&person.email).unwrap();
            assert!(
                workspace.account(&actor).is_ok(),
                "{} is in the cast but not the store",
                person.email
            );
        }
    }
}
