//! Email on the command line: which transport a run uses, the delivery tried
//! right after `invite add` and `invite resend`, `outbox send|list`, and
//! `link-key rotate`.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::Failure;
use super::args::Cli;
use super::output::{Out, table};
use crate::config::Config;
use crate::domain::MessageId;
use crate::domain::invitation::LinkKey;
use crate::domain::outbox::DeliveryStatus;
use crate::mail::transport::Mailer;
use crate::sanitize::line;
use crate::workspace::{InviteResult, OutboxView, Outcome, SentLink, Workspace};

/// The password of the SMTP URL, from the environment rather than a command
/// line that other users of the machine can read.
const SMTP_PASSWORD_ENV: &str = "TEAMDESK_SMTP_PASSWORD";

/// The transport of this run: `--smtp` (or `TEAMDESK_SMTP_URL`), then the
/// configuration's `smtp_url`, else `.eml` files in a folder beside the store.
pub(super) fn mailer(cli: &Cli, config: &Config, store: &Path) -> Result<Mailer, Failure> {
    let password = std::env::var(SMTP_PASSWORD_ENV)
        .ok()
        .filter(|password| !password.is_empty());
    Ok(match cli.smtp.as_deref().or(config.smtp_url.as_deref()) {
        Some(url) => Mailer::smtp(url, password)?,
        None => Mailer::folder_beside(store),
    })
}

/// Where this run's link key lives.
fn key_path(cli: &Cli) -> Result<PathBuf, Failure> {
    Config::link_key_path(cli.config.as_deref()).ok_or_else(|| {
        Failure::Usage(
            "there is no platform configuration directory here: name the configuration with --config PATH (the link key lives beside it)".into(),
        )
    })
}

/// The install's link key, made on first use.
pub(super) fn link_key(cli: &Cli) -> Result<LinkKey, Failure> {
    Ok(crate::install::load_or_create(&key_path(cli)?)?)
}

/// `link-key rotate`.
pub(super) fn rotate_key(cli: &Cli, out: Out) -> Result<(), Failure> {
    let path = key_path(cli)?;
    crate::install::rotate(&path)?;
    writeln!(
        out,
        "Replaced the link key in {}. Links already sent keep working; emails still queued can no longer be sent: resend those invitations.",
        path.display()
    )?;
    Ok(())
}

/// Runs one delivery on a runtime of its own: the command line is otherwise synchronous.
pub(super) fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Failure::Output)?;
    Ok(runtime.block_on(future))
}

/// Tries at once the emails a command queued, and notes on each link what became of it.
pub(super) fn deliver_sent(
    workspace: &Workspace,
    mailer: &Mailer,
    outcome: &mut Outcome,
) -> Result<(), Failure> {
    let mut links: Vec<&mut SentLink> = match outcome {
        Outcome::Resent(link) => vec![link],
        Outcome::Invited(results) | Outcome::ResentExpired(results) => results
            .iter_mut()
            .filter_map(|result| match result {
                InviteResult::Invited(link) => Some(link),
                InviteResult::Refused { .. } => None,
            })
            .collect(),
        _ => return Ok(()),
    };
    let ids: Vec<MessageId> = links.iter().map(|link| link.message).collect();
    let tried = block_on(workspace.deliver_now(mailer, &ids))??;
    for link in &mut links {
        if let Some(view) = tried.iter().find(|view| view.id == link.message) {
            link.delivery = Some(view.note.clone());
        }
    }
    Ok(())
}

/// What became of one email, after its link: `sent (smtp …: 250 OK)`.
pub(super) fn delivery_words(link: &SentLink) -> String {
    match &link.delivery {
        Some(note) => format!("{}: {}", note.status.as_str(), line(&note.detail)),
        None => "queued".into(),
    }
}

/// `outbox send`: one line per email tried, then the sums.
pub(super) fn delivered(out: Out, tried: &[OutboxView]) -> io::Result<()> {
    for view in tried {
        writeln!(
            out,
            "{:<9} {} ({}): {}",
            view.note.status.as_str(),
            line(&view.to),
            view.kind.as_str(),
            line(&view.note.detail)
        )?;
    }
    let count = |status| tried.iter().filter(|v| v.note.status == status).count();
    writeln!(
        out,
        "{} tried: {} sent, {} queued again, {} failed, {} cancelled",
        tried.len(),
        count(DeliveryStatus::Sent),
        count(DeliveryStatus::Queued),
        count(DeliveryStatus::Failed),
        count(DeliveryStatus::Cancelled)
    )
}

/// `outbox list`: one row per email (`--json` has every attempt).
pub(super) fn outbox(out: Out, list: &[OutboxView]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "The outbox is empty.");
    }
    let rows = list
        .iter()
        .map(|view| {
            vec![
                view.created_at.format("%Y-%m-%d %H:%M").to_string(),
                view.to.clone(),
                view.kind.as_str().to_owned(),
                view.note.status.as_str().to_owned(),
                view.attempts.len().to_string(),
                view.note.detail.clone(),
            ]
        })
        .collect();
    table(
        out,
        &["QUEUED", "TO", "KIND", "STATUS", "ATTEMPTS", "DETAIL"],
        rows,
    )
}
