//! Every command: read what its rule needs, call the rule, write what it
//! returns with its audit lines, then build the outcome from what was
//! committed. No rule lives here: they are in `domain::rules`.

mod accounts;
mod invitations;
mod members;
mod team;
mod templates;

use chrono::{DateTime, Utc};

use super::apply::apply;
use super::context::TeamContext;
use super::{Actor, Applied, Command, TeamChoice, Workspace};
use crate::Error;
use crate::billing::ledger::{Biller, BillingAccount, Pricing};
use crate::domain::change::Change;
use crate::domain::{Action, Fresh, Team, TeamId};
use crate::store::Reads;
use crate::store::{Tx, TxError};

/// The team's billing account as a change at `now` sees it (a team from
/// before billing is first invoiced at its next period).
pub(super) fn billing_in(
    tx: &Tx<'_>,
    team: &Team,
    now: DateTime<Utc>,
) -> Result<BillingAccount, TxError> {
    Ok(tx.billing_account(team.id)?.unwrap_or_else(|| {
        BillingAccount::from_before_billing(team.id, team.created_at, team.cycle, now.date_naive())
    }))
}

impl Workspace {
    /// Bills changes to a team's seats and prices against `account`.
    pub(super) fn biller<'a>(
        &'a self,
        account: &'a BillingAccount,
        fresh: &'a mut dyn Fresh,
    ) -> Biller<'a> {
        Biller {
            pricing: Pricing {
                prices: &self.settings.prices,
                account,
            },
            fresh,
        }
    }

    pub(super) fn run_command(
        &self,
        actor: &Actor,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        match command {
            Command::CreateAccount {
                email,
                name,
                plan,
                staff,
            } => self.create_account(actor, &email, &name, (plan, staff), now),
            Command::CreateTeam { name } => self.create_team(actor, &name, now),
            Command::UpgradeTeam => self.upgrade(actor, now),
            Command::DowngradeTeam => self.downgrade(actor, now),
            Command::ChangeSettings(settings) => self.change_settings(actor, &settings, now),
            Command::UpdateBilling(request) => self.update_billing(actor, &request, now),
            Command::UpgradeAccount { cycle, card } => {
                self.upgrade_account(actor, cycle, card.as_ref(), now)
            }
            Command::TransferOwnership { to } => self.transfer_ownership(actor, &to, now),
            Command::DeleteTeam { confirm_name } => self.delete_team(actor, &confirm_name, now),
            Command::RemoveMember { email } => self.remove_member(actor, &email, now),
            Command::ChangeRole { email, role } => self.change_role(actor, &email, role, now),
            Command::LeaveTeam => self.leave(actor, now),
            Command::Invite { emails, role } => self.invite(actor, &emails, role, now),
            Command::ResendInvitation { team, email } => self.resend(actor, &team, &email, now),
            Command::ResendExpired { team } => self.resend_expired(actor, &team, now),
            Command::RevokeInvitation { team, email } => self.revoke(actor, &team, &email, now),
            Command::Join { link, name } => self.join(actor, &link, name.as_deref(), now),
            Command::AddTemplate { name, body } => self.add_template(actor, &name, &body, now),
            Command::EditTemplate {
                name,
                body,
                based_on,
            } => self.edit_template(actor, &name, &body, based_on, now),
            Command::RemoveTemplate { name } => self.remove_template(actor, &name, now),
            Command::AddAccountKey { email, key } => self.add_account_key(actor, &email, &key, now),
            Command::RemoveAccountKey { email, key } => {
                self.remove_account_key(actor, &email, &key, now)
            }
        }
    }

    /// The team an actor changes something in, once the actor is authorised
    /// for `action`, with what the clock brought about recorded first (a
    /// trial's end, the invoices of periods that started).
    /// Callers hold the writer lock.
    pub(super) fn team_for_change(
        &self,
        actor: &Actor,
        choice: &TeamChoice,
        action: Action,
        now: DateTime<Utc>,
    ) -> Result<TeamId, Error> {
        let team = self.team_id_for(actor, choice, action)?;
        // Authorised first: nobody without the right causes any write to the
        // team, the end of its trial included.
        self.team_context(&self.store, actor, team)?
            .authorize(action)?;
        self.settle(team, now)?;
        Ok(team)
    }

    /// Runs `rule` on a team (from [`Self::team_for_change`]) inside one
    /// transaction, with the actor's context read in it and a source of new
    /// ids, and writes the change it returns.
    fn change_team<T>(
        &self,
        actor: &Actor,
        team_id: TeamId,
        now: DateTime<Utc>,
        rule: impl Fn(&Tx<'_>, &TeamContext, &mut dyn Fresh) -> Result<(T, Change), TxError>,
    ) -> Result<T, Error> {
        self.write(now, |tx| {
            let context = self.team_context(tx, actor, team_id)?;
            let fresh = &mut self.fresh(now);
            let (value, change) = rule(tx, &context, fresh)?;
            apply(tx, &change, fresh, now)?;
            Ok(value)
        })
    }
}
