//! Choosing a role: the choices a team can give, and the dialog that changes
//! a member's role (the invite dialog offers the same choices).

use super::{Pressed, Reply};
use crate::domain::{Role, TeamKind};
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog};
use crate::workspace::{Command, MemberView};

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
        role: member.role,
    });
}

/// Up and down move through the roles; Enter changes it.
pub fn on_key(app: &App, email: &str, role: &mut Role, pressed: &Pressed<'_>) -> Reply {
    match (pressed.action, pressed.navigation) {
        (Some(KeyAction::Cancel), _) => Reply::CLOSE,
        (Some(KeyAction::Submit), _) => {
            let command = Command::ChangeRole {
                email: email.to_owned(),
                role: *role,
            };
            Reply::Close(vec![app.execute(command)])
        }
        (_, Some(KeyAction::Up)) => {
            *role = next(app, *role, false);
            Reply::STAY
        }
        (_, Some(KeyAction::Down)) => {
            *role = next(app, *role, true);
            Reply::STAY
        }
        _ => Reply::STAY,
    }
}
