//! Choosing a role: the choices a team can give, and the dialog that changes
//! a member's role (the invite dialog offers the same choices).

use super::{Pressed, Reply, preview};
use crate::domain::{Role, TeamKind};
use crate::tui::dialog::CostPreview;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog};
use crate::workspace::{Command, CostOf, MemberView};

/// The roles the invite and role dialogs offer, in order.
pub const ROLE_CHOICES: [Role; 4] = [
    Role::Admin,
    Role::TemplateManager,
    Role::Member,
    Role::Assistant,
];

/// The roles this team can give: assistants only on Clinic teams.
pub fn role_choices(app: &App) -> &'static [Role] {
    let clinic = app.team_shown().is_some_and(|t| t.kind == TeamKind::Clinic);
    if clinic {
        &ROLE_CHOICES
    } else {
        &ROLE_CHOICES[..3]
    }
}

/// The choice after `role` (or before it), wrapping around the team's choices.
pub fn next(app: &App, role: Role, forward: bool) -> Role {
    let choices = role_choices(app);
    let at = choices.iter().position(|&r| r == role).unwrap_or(0);
    let next = if forward {
        at + 1
    } else {
        at + choices.len() - 1
    };
    choices[next % choices.len()]
}

/// Offers to change `member`'s role, starting from the one they have.
pub fn open(app: &mut App, member: &MemberView) {
    app.dialog = Some(Dialog::ChangeRole {
        email: member.email.clone(),
        name: member.name.clone(),
        from: member.role,
        role: member.role,
        cost: None,
    });
}

/// Up and down move through the roles, each other role with what it would
/// cost; Enter changes it.
pub fn on_key(
    app: &App,
    (email, from): (&str, Role),
    role: &mut Role,
    cost: &mut Option<CostPreview>,
    pressed: &Pressed<'_>,
) -> Reply {
    let forward = match (pressed.action, pressed.navigation) {
        (Some(KeyAction::Cancel), _) => return Reply::CLOSE,
        (Some(KeyAction::Submit), _) => {
            let command = Command::ChangeRole {
                email: email.to_owned(),
                role: *role,
            };
            return Reply::Close(vec![app.execute(command)]);
        }
        (_, Some(KeyAction::Up)) => false,
        (_, Some(KeyAction::Down)) => true,
        _ => return Reply::STAY,
    };
    *role = next(app, *role, forward);
    let of = (*role != from).then(|| CostOf::ChangeRole {
        email: email.to_owned(),
        role: *role,
    });
    Reply::Stay(preview::refresh(app, cost, of))
}
