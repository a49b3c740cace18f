//! The outbox: emails the workspace wants sent. Composing them is pure; the
//! store keeps them in the same transaction as the change that caused them,
//! so an invitation never exists without its email (and the reverse).

pub mod render;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::day;
use crate::domain::{Email, InvitationId, MessageId, Role, TeamId};

/// One email waiting to be delivered. Like any sent invitation email it
/// carries the link; the invitation record itself keeps only the token's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: MessageId,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub team: TeamId,
    pub invitation: Option<InvitationId>,
}

/// What an invitation email says.
pub struct InvitationEmail<'a> {
    pub team_name: &'a str,
    pub inviter_name: &'a str,
    pub role: Role,
    pub link: &'a str,
    pub expires_at: DateTime<Utc>,
    pub is_resend: bool,
}

impl InvitationEmail<'_> {
    pub fn subject(&self) -> String {
        if self.is_resend {
            format!("Your new invitation to join {} on teamdesk", self.team_name)
        } else {
            format!("You're invited to join {} on teamdesk", self.team_name)
        }
    }

    pub fn body(&self) -> String {
        let role = self.role.as_str().replace('_', " ");
        let renewal = if self.is_resend {
            "\nThis link replaces any earlier invitation link, which no longer works.\n"
        } else {
            ""
        };
        format!(
            "Hello,\n\n{inviter} has invited you to join {team} as {article} {role}.\n\n\
             Open this link to accept:\n\n    {link}\n\n\
             The link works once and is valid until {expiry}.{renewal}\n\
             If you already have an account, sign in with this email address and you will be added to the team.\n\
             If you are new, sign up with this email address.\n\
             You can be in one team at a time.\n",
            inviter = self.inviter_name,
            team = self.team_name,
            article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            },
            link = self.link,
            expiry = day(self.expires_at),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_email_names_the_team_the_link_and_the_expiry_date() {
        let email = InvitationEmail {
            team_name: "Bondi Family Practice",
            inviter_name: "Olivia Owner",
            role: Role::Assistant,
            link: "https://teamdesk.example/join/abc",
            expires_at: Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap(),
            is_resend: false,
        };
        let body = email.body();
        assert!(email.subject().contains("Bondi Family Practice"));
        assert!(body.contains("https://teamdesk.example/join/abc"));
        assert!(body.contains("2 Dec 2026"));
        assert!(body.contains("as an assistant"));
    }
}
