//! The permission matrix of SPEC §4, tried cell by cell through the workspace
//! door: every action as every role, each on a fresh clinic team in its own
//! store. The expected matrix is transcribed from SPEC.md, not read from the
//! policy code, so the two are checked against each other.

use std::fmt;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use teamdesk::domain::{Cycle, Role, Staff};
use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::workspace::{
    Actor, BillingRequest, CardDetails, Command, InviteResult, KeyChoice, NewPlan, Outcome,
    Settings, TeamChoice, TeamSettings, Workspace,
};
use tempfile::TempDir;

/// SPEC §4, copied as written (footnote marks included).
const SPEC_MATRIX: &str = "
| action | owner | admin | template_manager | member | assistant | support | outsider |
|---|---|---|---|---|---|---|---|
| view team and member list | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ |
| view invitations | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ |
| invite | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
| resend / revoke invitation | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ |
| remove member, change role | ✓ | ✓¹ | ✗ | ✗ | ✗ | ✗ | ✗ |
| transfer ownership, delete team | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ |
| upgrade / downgrade plan, settings | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
| view and edit billing | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
| create / edit / delete templates² | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
| view / use templates² | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ |
| read audit log | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ |
| leave team | ✗³ | ✓ | ✓ | ✓ | ✓ | — | — |
| look up any email across teams | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ |
";

const TEAM: &str = "Bondi Clinic";
const OWNER: &str = "olivia@bondi.example";
const ADMIN: &str = "adam@bondi.example";
/// A second admin besides the acting one: the heir for ownership transfers.
const HEIR: &str = "hana@bondi.example";
const TEMPLATE_MANAGER: &str = "tina@bondi.example";
const MEMBER: &str = "mo@bondi.example";
const ASSISTANT: &str = "ash@bondi.example";
/// The member removed or re-roled by admins: never the actor.
const TARGET: &str = "tara@bondi.example";
/// Invited, never joined: the invitation resent, revoked and looked up.
const PENDING: &str = "pia@elsewhere.example";
const SUPPORT: &str = "sam@vendor.example";
const OUTSIDER: &str = "otto@elsewhere.example";
const TEMPLATE: &str = "SOAP note";

/// The columns of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Owner,
    Admin,
    TemplateManager,
    Member,
    Assistant,
    Support,
    Outsider,
}

impl Who {
    const ALL: [Who; 7] = [
        Who::Owner,
        Who::Admin,
        Who::TemplateManager,
        Who::Member,
        Who::Assistant,
        Who::Support,
        Who::Outsider,
    ];

    fn from_column(header: &str) -> Who {
        match header {
            "owner" => Who::Owner,
            "admin" => Who::Admin,
            "template_manager" => Who::TemplateManager,
            "member" => Who::Member,
            "assistant" => Who::Assistant,
            "support" => Who::Support,
            "outsider" => Who::Outsider,
            other => panic!("the matrix has an unknown column {other:?}"),
        }
    }

    fn email(self) -> &'static str {
        match self {
            Who::Owner => OWNER,
            Who::Admin => ADMIN,
            Who::TemplateManager => TEMPLATE_MANAGER,
            Who::Member => MEMBER,
            Who::Assistant => ASSISTANT,
            Who::Support => SUPPORT,
            Who::Outsider => OUTSIDER,
        }
    }

    fn actor(self) -> Actor {
        Actor::person(self.email()).expect("a valid address")
    }

    /// Support staff and outsiders are in no team, so they name the team
    /// wherever the API lets them; team members act on their own team.
    fn team(self) -> TeamChoice {
        match self {
            Who::Support | Who::Outsider => TeamChoice::Named(TEAM.into()),
            _ => TeamChoice::Own,
        }
    }
}

/// What a cell of the matrix says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// ✓ (¹ and ² only narrow which targets and teams, and the fixture respects them).
    Allowed,
    /// ✗: refused as a missing right.
    Denied,
    /// ✗³: the owner must transfer ownership first, a rule rather than a right.
    TransferFirst,
    /// —: not applicable (not a member of any team); refused.
    NotApplicable,
}

impl Cell {
    fn parse(raw: &str) -> Cell {
        match raw.trim_end_matches(['¹', '²', '³']) {
            "✓" => Cell::Allowed,
            "✗" if raw.ends_with('³') => Cell::TransferFirst,
            "✗" => Cell::Denied,
            "—" => Cell::NotApplicable,
            other => panic!("the matrix has an unknown cell {other:?}"),
        }
    }
}

/// One concrete thing done through the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    ViewTeam,
    ViewMembers,
    ViewInvitations,
    Invite,
    Resend,
    Revoke,
    RemoveMember,
    ChangeRole,
    TransferOwnership,
    DeleteTeam,
    Upgrade,
    Downgrade,
    Rename,
    SessionSharing,
    ViewBilling,
    EditBilling,
    AddTemplate,
    EditTemplate,
    RemoveTemplate,
    ListTemplates,
    ShowTemplate,
    ReadAudit,
    Leave,
    Lookup,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl Op {
    /// The operations that exercise one row of the matrix.
    fn for_row(row: &str) -> &'static [Op] {
        match row {
            "view team and member list" => &[Op::ViewTeam, Op::ViewMembers],
            "view invitations" => &[Op::ViewInvitations],
            "invite" => &[Op::Invite],
            "resend / revoke invitation" => &[Op::Resend, Op::Revoke],
            "remove member, change role" => &[Op::RemoveMember, Op::ChangeRole],
            "transfer ownership, delete team" => &[Op::TransferOwnership, Op::DeleteTeam],
            "upgrade / downgrade plan, settings" => {
                &[Op::Upgrade, Op::Downgrade, Op::Rename, Op::SessionSharing]
            }
            "view and edit billing" => &[Op::ViewBilling, Op::EditBilling],
            "create / edit / delete templates²" => {
                &[Op::AddTemplate, Op::EditTemplate, Op::RemoveTemplate]
            }
            "view / use templates²" => &[Op::ListTemplates, Op::ShowTemplate],
            "read audit log" => &[Op::ReadAudit],
            "leave team" => &[Op::Leave],
            "look up any email across teams" => &[Op::Lookup],
            other => panic!("no operations mapped for the matrix row {other:?}"),
        }
    }

    fn changes_something(self) -> bool {
        !matches!(
            self,
            Op::ViewTeam
                | Op::ViewMembers
                | Op::ViewInvitations
                | Op::ViewBilling
                | Op::ListTemplates
                | Op::ShowTemplate
                | Op::ReadAudit
                | Op::Lookup
        )
    }

    /// Whether the API acts only on the actor's own team, with no way to
    /// name another (reads, resend and revoke take a team; lookup spans all).
    fn acts_on_own_team_only(self) -> bool {
        !matches!(
            self,
            Op::ViewTeam
                | Op::ViewMembers
                | Op::ViewInvitations
                | Op::Resend
                | Op::Revoke
                | Op::ReadAudit
                | Op::Lookup
        )
    }

    /// A word the refusal must use to name the action.
    fn named_in_refusal(self) -> &'static str {
        match self {
            Op::ViewTeam | Op::ViewMembers => "view the team",
            Op::ViewInvitations => "view invitations",
            Op::Invite => "invite",
            Op::Resend => "resend",
            Op::Revoke => "revoke",
            Op::RemoveMember => "remove",
            Op::ChangeRole => "role",
            Op::TransferOwnership => "ownership",
            Op::DeleteTeam => "delete",
            Op::Upgrade | Op::Downgrade => "plan",
            Op::Rename | Op::SessionSharing => "settings",
            Op::ViewBilling | Op::EditBilling => "billing",
            Op::AddTemplate | Op::EditTemplate | Op::RemoveTemplate => "template",
            Op::ListTemplates | Op::ShowTemplate => "template",
            Op::ReadAudit => "audit",
            Op::Leave => "leave",
            Op::Lookup => "look up",
        }
    }
}

/// A clinic team with one person in every role, a pending invitation and a template.
struct Fixture {
    _dir: TempDir,
    workspace: Workspace,
}

fn must<T>(what: &str, result: Result<T, teamdesk::Error>) -> T {
    result.unwrap_or_else(|error| panic!("fixture step {what} failed: {error}"))
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        ));
        let workspace = Workspace::open(
            &dir.path().join("store"),
            OpenMode::CreateIfMissing,
            clock,
            Settings::default(),
        )
        .expect("open");
        let fixture = Fixture {
            _dir: dir,
            workspace,
        };
        let operator = Actor::Operator;
        for (email, name, plan, staff) in [
            (OWNER, "Olivia Owner", NewPlan::Pro(Cycle::Monthly), None),
            (SUPPORT, "Sam Support", NewPlan::Free, Some(Staff::Support)),
            (OUTSIDER, "Otto Outsider", NewPlan::Free, None),
        ] {
            must(
                "create account",
                fixture.workspace.execute(
                    &operator,
                    Command::CreateAccount {
                        email: email.into(),
                        name: name.into(),
                        plan,
                        staff,
                    },
                ),
            );
        }
        let owner = Who::Owner.actor();
        fixture.run(&owner, Command::CreateTeam { name: TEAM.into() });
        fixture.run(&owner, Command::UpgradeTeam);
        let mut links = Vec::new();
        for (emails, role) in [
            (&[ADMIN, HEIR][..], Role::Admin),
            (&[TEMPLATE_MANAGER][..], Role::TemplateManager),
            (&[MEMBER, TARGET][..], Role::Member),
            (&[ASSISTANT][..], Role::Assistant),
            (&[PENDING][..], Role::Member),
        ] {
            let outcome = fixture.run(
                &owner,
                Command::Invite {
                    emails: emails.iter().map(|e| e.to_string()).collect(),
                    role,
                },
            );
            let Outcome::Invited(results) = outcome else {
                panic!("invite answered {outcome:?}");
            };
            for result in results {
                match result {
                    InviteResult::Invited(sent) => links.push((sent.email, sent.link)),
                    refused => panic!("fixture invite refused: {refused:?}"),
                }
            }
        }
        for (email, link) in links.into_iter().filter(|(email, _)| email != PENDING) {
            fixture.run(
                &Actor::person(&email).unwrap(),
                Command::Join {
                    link,
                    name: Some(format!("Person {email}")),
                },
            );
        }
        fixture.run(
            &owner,
            Command::AddTemplate {
                name: TEMPLATE.into(),
                body: "S:\nO:\nA:\nP:\n".into(),
            },
        );
        let report = fixture.workspace.doctor(&Actor::Operator).expect("doctor");
        assert!(report.is_sound(), "fixture unsound: {:?}", report.problems);
        fixture
    }

    fn run(&self, actor: &Actor, command: Command) -> Outcome {
        let what = format!("{command:?}");
        must(&what, self.workspace.execute(actor, command))
    }

    /// Puts the team in the state where `op` can succeed for whoever may do
    /// it. Returning to Pro needs no assistants, so the assistant becomes a
    /// member first, except when the assistant is the one acting.
    fn prepare(&self, who: Who, op: Op) {
        let owner = Who::Owner.actor();
        if matches!(op, Op::Upgrade | Op::Downgrade) && who != Who::Assistant {
            self.run(
                &owner,
                Command::ChangeRole {
                    email: ASSISTANT.into(),
                    role: Role::Member,
                },
            );
            if op == Op::Upgrade {
                self.run(&owner, Command::DowngradeTeam);
            }
        }
    }

    /// Does `op` as `who`; on success, checks the answer is the one asked for.
    fn perform(&self, who: Who, op: Op) -> Result<(), teamdesk::Error> {
        let actor = who.actor();
        let team = who.team();
        let Some(command) = op.command(&team) else {
            return self.read(&actor, &team, op);
        };
        let outcome = self.workspace.execute(&actor, command)?;
        if op == Op::Invite {
            assert!(
                matches!(&outcome, Outcome::Invited(r) if matches!(r[..], [InviteResult::Invited(_)])),
                "{outcome:?}"
            );
        }
        Ok(())
    }

    /// Does the read `op` as `actor`, checking what it shows.
    fn read(&self, actor: &Actor, team: &TeamChoice, op: Op) -> Result<(), teamdesk::Error> {
        let ws = &self.workspace;
        match op {
            Op::ViewTeam => {
                let view = ws.team(actor, team)?;
                assert_eq!(view.name, TEAM);
            }
            Op::ViewMembers => {
                let members = ws.members(actor, team)?;
                assert_eq!(members.len(), 7, "everyone but the pending invitee");
            }
            Op::ViewInvitations => {
                let invitations = ws.invitations(actor, team, None)?;
                assert!(invitations.iter().any(|i| i.email == PENDING));
            }
            Op::ViewBilling => {
                let billing = ws.billing(actor)?;
                assert_eq!(billing.team, TEAM);
            }
            Op::ListTemplates => {
                let templates = ws.templates(actor)?;
                assert_eq!(templates.len(), 1);
            }
            Op::ShowTemplate => {
                let template = ws.template(actor, TEMPLATE)?;
                assert_eq!(template.body, "S:\nO:\nA:\nP:\n");
            }
            Op::ReadAudit => {
                let entries = ws.audit_log(actor, team, 100)?;
                assert!(!entries.is_empty());
            }
            Op::Lookup => {
                let view = ws.lookup(actor, PENDING)?;
                assert_eq!(view.invitations.len(), 1);
            }
            command => unreachable!("{command} changes something: it is a command"),
        }
        Ok(())
    }
}

impl Op {
    /// The command this operation is, on `team`; `None` for the reads.
    fn command(self, team: &TeamChoice) -> Option<Command> {
        let command = match self {
            Op::ViewTeam
            | Op::ViewMembers
            | Op::ViewInvitations
            | Op::ViewBilling
            | Op::ListTemplates
            | Op::ShowTemplate
            | Op::ReadAudit
            | Op::Lookup => return None,
            Op::Invite => Command::Invite {
                emails: vec!["new.person@elsewhere.example".into()],
                role: Role::Member,
            },
            Op::Resend => Command::ResendInvitation {
                team: team.clone(),
                email: PENDING.into(),
            },
            Op::Revoke => Command::RevokeInvitation {
                team: team.clone(),
                email: PENDING.into(),
            },
            Op::RemoveMember => Command::RemoveMember {
                email: TARGET.into(),
            },
            Op::ChangeRole => Command::ChangeRole {
                email: TARGET.into(),
                role: Role::TemplateManager,
            },
            Op::TransferOwnership => Command::TransferOwnership { to: HEIR.into() },
            Op::DeleteTeam => Command::DeleteTeam {
                confirm_name: TEAM.into(),
            },
            Op::Upgrade => Command::UpgradeTeam,
            Op::Downgrade => Command::DowngradeTeam,
            Op::Rename => Command::ChangeSettings(TeamSettings {
                name: Some("Bondi Family Clinic".into()),
                ..TeamSettings::default()
            }),
            Op::SessionSharing => Command::ChangeSettings(TeamSettings {
                session_sharing: Some(true),
                ..TeamSettings::default()
            }),
            Op::EditBilling => Command::UpdateBilling(BillingRequest {
                card: Some(CardDetails {
                    brand: "visa".into(),
                    last4: "4242".into(),
                    expiry_month: 12,
                    expiry_year: 2030,
                }),
                billing_email: Some("accounts@bondi.example".into()),
                cycle: None,
            }),
            Op::AddTemplate => Command::AddTemplate {
                name: "Follow-up".into(),
                body: "Since last visit:\n".into(),
            },
            Op::EditTemplate => Command::EditTemplate {
                name: TEMPLATE.into(),
                body: "S:\nO:\nA:\nP:\nFollow-up:\n".into(),
                based_on: 1,
            },
            Op::RemoveTemplate => Command::RemoveTemplate {
                name: TEMPLATE.into(),
            },
            Op::Leave => Command::LeaveTeam,
        };
        Some(command)
    }
}

/// The matrix as (row label, [(column, cell)]).
fn expected_matrix() -> Vec<(String, Vec<(Who, Cell)>)> {
    let mut lines = SPEC_MATRIX
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('|'));
    let split = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect()
    };
    let header = split(lines.next().expect("a header row"));
    assert_eq!(header[0], "action");
    let columns: Vec<Who> = header[1..].iter().map(|h| Who::from_column(h)).collect();
    assert_eq!(columns.len(), 7);
    lines
        .filter(|line| !line.starts_with("|---"))
        .map(|line| {
            let cells = split(line);
            assert_eq!(cells.len(), 8, "row {line:?}");
            let row = cells[0].clone();
            let cells = columns
                .iter()
                .zip(&cells[1..])
                .map(|(&who, raw)| (who, Cell::parse(raw)))
                .collect();
            (row, cells)
        })
        .collect()
}

/// Checks one cell on a fresh fixture; returns what went wrong, if anything.
fn check_cell(who: Who, op: Op, cell: Cell) -> Vec<String> {
    let fixture = Fixture::new();
    fixture.prepare(who, op);
    let ws = &fixture.workspace;
    let before = ws.export(&Actor::Operator).expect("export");
    let result = fixture.perform(who, op);
    let after = ws.export(&Actor::Operator).expect("export");
    let mut wrong = Vec::new();
    let mut fail = |what: String| wrong.push(format!("{who:?} × {op}: {what}"));
    match (cell, result) {
        (Cell::Allowed, Ok(())) => {
            if op.changes_something() && before == after {
                fail("allowed and answered Ok, but nothing changed".into());
            }
            if !op.changes_something() && before != after {
                fail("a read changed the store".into());
            }
        }
        (Cell::Allowed, Err(error)) => fail(format!(
            "should be allowed, was refused (exit {}): {error}",
            error.exit_code()
        )),
        (_, Ok(())) => fail(format!("should be refused ({cell:?}), but succeeded")),
        (refused, Err(error)) => {
            let (code, message) = (error.exit_code(), error.to_string());
            match refused {
                // An outsider is in no team, and these commands act on the
                // actor's own team: there is no team to be refused from.
                Cell::Denied if who == Who::Outsider && op.acts_on_own_team_only() => {
                    if code != 4 || !message.contains("not in a team") {
                        fail(format!(
                            "expected exit 4 \"not in a team\", got exit {code}: {message}"
                        ));
                    }
                }
                Cell::Denied => {
                    let names_action = message.starts_with("only ")
                        && message.contains(" can ")
                        && message.contains(op.named_in_refusal());
                    if code != 3 || !names_action {
                        fail(format!(
                            "expected exit 3 \"only … can …{}…\", got exit {code}: {message}",
                            op.named_in_refusal()
                        ));
                    }
                }
                Cell::TransferFirst => {
                    if code != 5 || !message.contains("transfer ownership") {
                        fail(format!(
                            "expected exit 5 saying to transfer ownership first, got exit {code}: {message}"
                        ));
                    }
                }
                Cell::NotApplicable => {
                    if code == 0 {
                        fail(format!("refused with exit 0: {message}"));
                    }
                }
                Cell::Allowed => unreachable!("handled above"),
            }
            if before != after {
                fail(format!("refused ({message}) but the store changed"));
            }
        }
    }
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    if !report.is_sound() {
        fail(format!("doctor: {:?}", report.problems));
    }
    wrong
}

#[test]
fn every_role_is_allowed_or_refused_every_action_as_the_spec_matrix_says() {
    let matrix = expected_matrix();
    assert_eq!(matrix.len(), 13, "SPEC §4 has 13 rows");
    let mut wrong = Vec::new();
    let mut cells = 0;
    for (row, columns) in &matrix {
        for &op in Op::for_row(row) {
            for &(who, cell) in columns {
                wrong.extend(check_cell(who, op, cell));
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 24 * 7);
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells disagree with SPEC §4:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_refused_change_leaves_no_trace_in_the_audit_log_or_the_outbox() {
    let fixture = Fixture::new();
    let ws = &fixture.workspace;
    let owner = Who::Owner.actor();
    let audit_before = ws.audit_log(&owner, &TeamChoice::Own, 1000).expect("audit");
    let before = ws.export(&Actor::Operator).expect("export");
    let member = Who::Member.actor();
    let attempts = [
        Command::Invite {
            emails: vec!["sneaky@elsewhere.example".into()],
            role: Role::Admin,
        },
        Command::ChangeRole {
            email: MEMBER.into(),
            role: Role::Admin,
        },
        Command::RemoveMember {
            email: OWNER.into(),
        },
        Command::DeleteTeam {
            confirm_name: TEAM.into(),
        },
        Command::UpdateBilling(BillingRequest {
            card: None,
            billing_email: Some("me@elsewhere.example".into()),
            cycle: None,
        }),
        Command::ResendInvitation {
            team: TeamChoice::Own,
            email: PENDING.into(),
        },
        Command::RemoveTemplate {
            name: TEMPLATE.into(),
        },
    ];
    for command in attempts {
        let what = format!("{command:?}");
        let error = ws
            .execute(&member, command)
            .expect_err(&format!("a member may not {what}"));
        assert_eq!(error.exit_code(), 3, "{what}: {error}");
    }
    // Support may resend, but not through commands that lack a team parameter.
    let support = Who::Support.actor();
    let error = ws
        .execute(
            &support,
            Command::ChangeSettings(TeamSettings {
                name: Some("Taken Over".into()),
                ..TeamSettings::default()
            }),
        )
        .expect_err("support may not rename a team");
    assert_eq!(error.exit_code(), 3, "{error}");
    assert_eq!(
        ws.audit_log(&owner, &TeamChoice::Own, 1000).expect("audit"),
        audit_before
    );
    assert_eq!(ws.export(&Actor::Operator).expect("export"), before);
}

#[test]
fn admins_never_remove_or_demote_the_owner_and_a_team_keeps_an_admin() {
    // Footnote ¹: the right is there, a rule refuses (exit 5), nothing changes.
    let fixture = Fixture::new();
    let ws = &fixture.workspace;
    let admin = Who::Admin.actor();
    let before = ws.export(&Actor::Operator).expect("export");
    for command in [
        Command::RemoveMember {
            email: OWNER.into(),
        },
        Command::ChangeRole {
            email: OWNER.into(),
            role: Role::Member,
        },
    ] {
        let what = format!("{command:?}");
        let error = ws.execute(&admin, command).expect_err(&what);
        assert_eq!(error.exit_code(), 5, "{what}: {error}");
        assert!(error.to_string().contains("owner"), "{what}: {error}");
    }
    assert_eq!(ws.export(&Actor::Operator).expect("export"), before);

    // With the other admins gone the owner is the last admin, and stays one.
    let owner = Who::Owner.actor();
    fixture.run(&owner, Command::RemoveMember { email: HEIR.into() });
    fixture.run(&admin, Command::LeaveTeam);
    let before = ws.export(&Actor::Operator).expect("export");
    let error = ws
        .execute(
            &owner,
            Command::ChangeRole {
                email: OWNER.into(),
                role: Role::Member,
            },
        )
        .expect_err("the last admin cannot be demoted");
    assert_eq!(error.exit_code(), 5, "{error}");
    assert_eq!(ws.export(&Actor::Operator).expect("export"), before);
}

/// An Ed25519 public key, as `ssh-keygen` wrote it, and its fingerprint.
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGrq2Knz8ACmtIuHf38tC95MmHTQ9h+c+7GPrGlWPPtd mo@laptop";
const FINGERPRINT: &str = "SHA256:ZItHQpGq2rOdcGDIG0ub9Fxr/TVMB3CE+H47SkQ/k1g";

#[test]
fn ssh_keys_are_managed_by_the_operator_and_by_nobody_in_a_team() {
    // The operator's commands have no column in SPEC §4: every person is
    // refused them, whatever their standing, and the operator is not.
    let fixture = Fixture::new();
    let ws = &fixture.workspace;
    let add = || Command::AddAccountKey {
        email: MEMBER.into(),
        key: KEY.into(),
    };
    let remove = || Command::RemoveAccountKey {
        email: MEMBER.into(),
        key: KeyChoice::Fingerprint(FINGERPRINT.into()),
    };
    let before = ws.export(&Actor::Operator).expect("export");
    let refusals = |who: Who, error: teamdesk::Error| {
        assert_eq!(error.exit_code(), 3, "{who:?}: {error}");
        assert_eq!(
            error.to_string(),
            "only the store's operator (the command line without --as or TEAMDESK_AS) can manage the SSH keys of accounts",
            "{who:?}"
        );
    };
    for who in Who::ALL {
        let actor = who.actor();
        for command in [add(), remove()] {
            refusals(who, ws.execute(&actor, command).expect_err("refused"));
        }
        refusals(who, ws.account_keys(&actor, MEMBER).expect_err("refused"));
    }
    assert_eq!(ws.export(&Actor::Operator).expect("export"), before);

    fixture.run(&Actor::Operator, add());
    let keys = ws.account_keys(&Actor::Operator, MEMBER).expect("the keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].fingerprint, FINGERPRINT);
    fixture.run(&Actor::Operator, remove());
    assert!(
        ws.account_keys(&Actor::Operator, MEMBER)
            .expect("the keys")
            .is_empty()
    );
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    assert!(report.is_sound(), "{:?}", report.problems);
}
