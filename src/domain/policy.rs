//! The permission policy of SPEC §4: every read and every change passes
//! [`authorize`], whatever interface it came from.

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::error::DomainError;
use super::team::{Membership, Team};

/// How an account stands towards one team. An account may hold two standings
/// (a support staff member who is also in a team); a right held by either counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Owner,
    Admin,
    TemplateManager,
    Member,
    Assistant,
    Support,
    Outsider,
    /// Whoever runs the store on its machine (the command line without
    /// `--as`): creates accounts and keeps the store, never acts in a team.
    Operator,
}

/// Everything the matrix of SPEC §4 has a row for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ViewTeam,
    ViewInvitations,
    Invite,
    ResendInvitation,
    RevokeInvitation,
    RemoveMember,
    ChangeRole,
    TransferOwnership,
    DeleteTeam,
    ChangePlan,
    ChangeSettings,
    ViewBilling,
    EditBilling,
    ManageTemplates,
    UseTemplates,
    ReadAudit,
    LeaveTeam,
    LookupAcrossTeams,
    CreateAccount,
    ListAccounts,
    ExportStore,
    ImportStore,
    CheckStore,
    /// Deliver the outbox and list it (every team's email addresses).
    DeliverMail,
    /// Add, remove and list the SSH keys that sign a person in.
    ManageAccountKeys,
}

impl Action {
    pub const ALL: [Action; 25] = [
        Action::ViewTeam,
        Action::ViewInvitations,
        Action::Invite,
        Action::ResendInvitation,
        Action::RevokeInvitation,
        Action::RemoveMember,
        Action::ChangeRole,
        Action::TransferOwnership,
        Action::DeleteTeam,
        Action::ChangePlan,
        Action::ChangeSettings,
        Action::ViewBilling,
        Action::EditBilling,
        Action::ManageTemplates,
        Action::UseTemplates,
        Action::ReadAudit,
        Action::LeaveTeam,
        Action::LookupAcrossTeams,
        Action::CreateAccount,
        Action::ListAccounts,
        Action::ExportStore,
        Action::ImportStore,
        Action::CheckStore,
        Action::DeliverMail,
        Action::ManageAccountKeys,
    ];

    /// The action in words, as it appears in a refusal ("only team admins can …").
    pub fn describe(self) -> &'static str {
        match self {
            Action::ViewTeam => "view the team and its members",
            Action::ViewInvitations => "view invitations",
            Action::Invite => "invite people",
            Action::ResendInvitation => "resend invitations",
            Action::RevokeInvitation => "revoke invitations",
            Action::RemoveMember => "remove members",
            Action::ChangeRole => "change roles",
            Action::TransferOwnership => "transfer ownership",
            Action::DeleteTeam => "delete the team",
            Action::ChangePlan => "change the team's plan",
            Action::ChangeSettings => "change team settings",
            Action::ViewBilling => "view billing",
            Action::EditBilling => "edit billing",
            Action::ManageTemplates => "create, edit or delete team templates",
            Action::UseTemplates => "view or use team templates",
            Action::ReadAudit => "read the audit log",
            Action::LeaveTeam => "leave a team",
            Action::LookupAcrossTeams => "look up an address across teams",
            Action::CreateAccount => "create accounts",
            Action::ListAccounts => "list every account",
            Action::ExportStore => "export the store",
            Action::ImportStore => "import into the store",
            Action::CheckStore => "check the store",
            Action::DeliverMail => "deliver or list the outbox",
            Action::ManageAccountKeys => "manage the SSH keys of accounts",
        }
    }

    /// The standings the matrix grants this action to.
    pub fn granted_to(self) -> &'static [Standing] {
        use Standing::*;
        const ADMINS: &[Standing] = &[Owner, Admin];
        const ADMINS_AND_SUPPORT: &[Standing] = &[Owner, Admin, Support];
        const TEAM: &[Standing] = &[Owner, Admin, TemplateManager, Member, Assistant];
        match self {
            Action::ViewTeam => &[Owner, Admin, TemplateManager, Member, Assistant, Support],
            Action::ViewInvitations | Action::ResendInvitation | Action::RevokeInvitation => {
                ADMINS_AND_SUPPORT
            }
            Action::ReadAudit => ADMINS_AND_SUPPORT,
            Action::Invite
            | Action::RemoveMember
            | Action::ChangeRole
            | Action::ChangePlan
            | Action::ChangeSettings
            | Action::ViewBilling
            | Action::EditBilling => ADMINS,
            Action::TransferOwnership | Action::DeleteTeam => &[Owner],
            Action::ManageTemplates => &[Owner, Admin, TemplateManager],
            Action::UseTemplates => TEAM,
            Action::LeaveTeam => &[Admin, TemplateManager, Member, Assistant],
            Action::LookupAcrossTeams => &[Support],
            Action::CreateAccount
            | Action::ListAccounts
            | Action::ExportStore
            | Action::ImportStore
            | Action::CheckStore
            | Action::DeliverMail
            | Action::ManageAccountKeys => &[Operator],
        }
    }
}

/// Who may do an action, in words: "team admins", "the team owner"...
fn who_may(action: Action) -> &'static str {
    use Standing::*;
    match action.granted_to() {
        [Owner] => "the team owner",
        [Owner, Admin] => "team admins",
        [Owner, Admin, Support] => "team admins and support staff",
        [Owner, Admin, TemplateManager] => "team admins and template managers",
        [Owner, Admin, TemplateManager, Member, Assistant] => "team members",
        [Owner, Admin, TemplateManager, Member, Assistant, Support] => {
            "team members and support staff"
        }
        [Admin, TemplateManager, Member, Assistant] => "team members other than the owner",
        [Support] => "support staff",
        [Operator] => "the store's operator (the command line without --as or TEAMDESK_AS)",
        _ => "other people",
    }
}

/// Who asks, as the policy sees them.
#[derive(Debug, Clone, Copy)]
pub enum Who<'a> {
    /// The store's operator: the command line without an acting person.
    Operator,
    /// A person with an account.
    Account(&'a Account),
    /// An address with no account.
    Stranger,
}

/// How `who` stands towards a team (`Some((team, the account's membership
/// in it if any))`), or towards the store as a whole (`None`): the one place
/// standings are worked out, for changes and reads alike. A person may hold
/// two (support staff who are also in a team); they hold at least one.
pub fn standings(who: Who<'_>, team: Option<(&Team, Option<&Membership>)>) -> Vec<Standing> {
    let account = match who {
        Who::Operator => return vec![Standing::Operator],
        Who::Stranger => return vec![Standing::Outsider],
        Who::Account(account) => account,
    };
    let mut standings = Vec::new();
    if let Some((team, Some(membership))) = team
        && membership.team == team.id
        && membership.account == account.id
    {
        standings.push(if team.owner == account.id {
            Standing::Owner
        } else {
            membership.role.standing()
        });
    }
    if account.is_support() {
        standings.push(Standing::Support);
    }
    if standings.is_empty() {
        standings.push(Standing::Outsider);
    }
    standings
}

/// Allows the action when any of the actor's standings is granted it; otherwise
/// says what was refused and who may do it. Nothing is changed either way.
pub fn authorize(standings: &[Standing], action: Action) -> Result<(), DomainError> {
    let granted = action.granted_to();
    if standings.iter().any(|standing| granted.contains(standing)) {
        return Ok(());
    }
    if action == Action::LeaveTeam {
        // Matrix footnote 3 and the "—" cells: these are facts about the team, not missing rights.
        return Err(if standings.contains(&Standing::Owner) {
            DomainError::refused(
                "the team owner cannot leave the team: transfer ownership to another admin first",
            )
        } else {
            DomainError::not_found("you are not a member of this team")
        });
    }
    Err(DomainError::Denied(format!(
        "only {} can {}",
        who_may(action),
        action.describe()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::rules::fixtures::Clinic;

    /// SPEC §4, row by row: the actions of the row and the columns (owner,
    /// admin, template manager, member, assistant, support, outsider) that
    /// hold it. Footnote 3 and the "—" cells of "leave team" are refusals
    /// of another kind, checked below.
    const MATRIX: [(&[Action], [bool; 7]); 13] = [
        (
            &[Action::ViewTeam],
            [true, true, true, true, true, true, false],
        ),
        (
            &[Action::ViewInvitations],
            [true, true, false, false, false, true, false],
        ),
        (
            &[Action::Invite],
            [true, true, false, false, false, false, false],
        ),
        (
            &[Action::ResendInvitation, Action::RevokeInvitation],
            [true, true, false, false, false, true, false],
        ),
        (
            &[Action::RemoveMember, Action::ChangeRole],
            [true, true, false, false, false, false, false],
        ),
        (
            &[Action::TransferOwnership, Action::DeleteTeam],
            [true, false, false, false, false, false, false],
        ),
        (
            &[Action::ChangePlan, Action::ChangeSettings],
            [true, true, false, false, false, false, false],
        ),
        (
            &[Action::ViewBilling, Action::EditBilling],
            [true, true, false, false, false, false, false],
        ),
        (
            &[Action::ManageTemplates],
            [true, true, true, false, false, false, false],
        ),
        (
            &[Action::UseTemplates],
            [true, true, true, true, true, false, false],
        ),
        (
            &[Action::ReadAudit],
            [true, true, false, false, false, true, false],
        ),
        (
            &[Action::LeaveTeam],
            [false, true, true, true, true, false, false],
        ),
        (
            &[Action::LookupAcrossTeams],
            [false, false, false, false, false, true, false],
        ),
    ];

    #[test]
    fn every_cell_of_the_permission_matrix_holds_for_the_standings_people_have() {
        let clinic = Clinic::new();
        for (actions, row) in MATRIX {
            for ((standing, person), allowed) in clinic.people().into_iter().zip(row) {
                let standings = clinic.standings_of(person);
                assert_eq!(standings, vec![standing]);
                for &action in actions {
                    let answer = authorize(&standings, action);
                    assert_eq!(answer.is_ok(), allowed, "{standing:?} {action:?}");
                    if let Err(refusal) = answer {
                        let expected = match (action, standing) {
                            (Action::LeaveTeam, Standing::Owner) => 5,
                            (Action::LeaveTeam, _) => 4,
                            _ => 3,
                        };
                        assert_eq!(refusal.exit_code(), expected, "{standing:?} {action:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn support_staff_in_a_team_hold_both_standings_and_strangers_only_their_own() {
        let mut clinic = Clinic::new();
        clinic.member.0.staff = Some(crate::domain::Staff::Support);
        let both = clinic.standings_of(&clinic.member.0);
        assert_eq!(both, vec![Standing::Member, Standing::Support]);
        assert!(authorize(&both, Action::ResendInvitation).is_ok());
        assert_eq!(standings(Who::Stranger, None), vec![Standing::Outsider]);
        assert_eq!(standings(Who::Operator, None), vec![Standing::Operator]);
        let outside = standings(Who::Account(&clinic.outsider), None);
        assert_eq!(outside, vec![Standing::Outsider]);
    }

    #[test]
    fn every_action_has_a_phrase_for_who_may_do_it() {
        for action in Action::ALL {
            assert_ne!(who_may(action), "other people", "{action:?}");
        }
    }

    #[test]
    fn a_refusal_names_the_action_and_the_missing_right() {
        let refusal = authorize(&[Standing::Member], Action::ViewBilling).unwrap_err();
        assert_eq!(refusal.to_string(), "only team admins can view billing");
        assert_eq!(refusal.exit_code(), 3);
    }

    #[test]
    fn a_second_standing_adds_its_rights() {
        assert!(
            authorize(
                &[Standing::Member, Standing::Support],
                Action::ResendInvitation
            )
            .is_ok()
        );
    }

    #[test]
    fn store_operations_belong_to_the_operator_alone() {
        for action in [
            Action::CreateAccount,
            Action::ListAccounts,
            Action::ExportStore,
            Action::ImportStore,
            Action::CheckStore,
            Action::DeliverMail,
            Action::ManageAccountKeys,
        ] {
            assert!(authorize(&[Standing::Operator], action).is_ok());
            for person in [Standing::Owner, Standing::Support, Standing::Outsider] {
                let refusal = authorize(&[person], action).unwrap_err();
                assert_eq!(refusal.exit_code(), 3);
                assert!(refusal.to_string().contains("without --as"), "{refusal}");
            }
        }
        for action in Action::ALL {
            if !action.granted_to().contains(&Standing::Operator) {
                assert!(
                    authorize(&[Standing::Operator], action).is_err(),
                    "{action:?}"
                );
            }
        }
    }

    #[test]
    fn the_owner_is_told_to_transfer_ownership_before_leaving() {
        let refusal = authorize(&[Standing::Owner], Action::LeaveTeam).unwrap_err();
        assert_eq!(refusal.exit_code(), 5);
        assert!(refusal.to_string().contains("transfer ownership"));
    }
}
