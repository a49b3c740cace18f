//! Reads: each one authorises the actor, then builds views from committed records.

use super::context::{People, TeamContext, account_named, person_ref};
use super::views::*;
use super::{Actor, TeamChoice, Workspace};
use crate::Error;
use crate::domain::policy::{Who, standings};
use crate::domain::{
    Account, AccountId, Action, DomainError, Email, InvitationStatus, Membership, Team, authorize,
};
use crate::store::Reads;
use crate::store::windows::InvitationFilter;

impl Workspace {
    /// The team context for a read, after authorising `action`. What the
    /// clock brought about (a trial's end, invoices) is recorded the first
    /// time anyone looks (SPEC §2, R11).
    pub(super) fn read_context(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        action: Action,
    ) -> Result<TeamContext, Error> {
        let team_id = self.team_id_for(actor, team, action)?;
        let context = self.team_context(&self.store, actor, team_id)?;
        context.authorize(action)?;
        let now = self.now();
        if !self.settlement_due(&context.team, now)? {
            return Ok(context);
        }
        {
            let _writer = self.lock_writer();
            self.settle(team_id, now)?;
        }
        self.team_context(&self.store, actor, team_id)
    }

    /// `account show`: the acting account.
    pub fn account(&self, actor: &Actor) -> Result<AccountView, Error> {
        let account = self.actor_account(&self.store, actor)?;
        self.account_view(&account)
    }

    /// `team show`.
    pub fn team(&self, actor: &Actor, team: &TeamChoice) -> Result<TeamView, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        self.team_view(&context.team, self.now())
    }

    /// `member list`, sorted by name. What a member paid before joining is
    /// billing information: only those who may view billing see it (`joined_from`).
    pub fn members(&self, actor: &Actor, team: &TeamChoice) -> Result<Vec<MemberView>, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        let sees_billing = context.authorize(Action::ViewBilling).is_ok();
        let mut members = self
            .store
            .members_of(context.team.id)?
            .iter()
            .map(|membership| self.member_shown(&context.team, membership, sees_billing))
            .collect::<Result<Vec<_>, Error>>()?;
        members.sort_by_cached_key(|m| (m.name.to_lowercase(), m.email.clone()));
        Ok(members)
    }

    /// One member as [`Workspace::members`] shows them: for a list that
    /// holds only their row (a large team's), the detail of the one shown.
    pub fn member(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        account: AccountId,
    ) -> Result<MemberView, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        let membership = self
            .store
            .membership(context.team.id, account)?
            .ok_or_else(|| DomainError::not_found("they are no longer a member of this team"))?;
        let sees_billing = context.authorize(Action::ViewBilling).is_ok();
        self.member_shown(&context.team, &membership, sees_billing)
    }

    /// A member's view; what they paid before joining only for those who
    /// may view billing.
    fn member_shown(
        &self,
        team: &Team,
        membership: &Membership,
        sees_billing: bool,
    ) -> Result<MemberView, Error> {
        let mut view = self.member_view(team, membership)?;
        if !sees_billing {
            view.joined_from = None;
        }
        Ok(view)
    }

    /// `invite list`, newest first, optionally of one status; closed
    /// invitations include those moved to the archive.
    pub fn invitations(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        status: Option<InvitationStatus>,
    ) -> Result<Vec<InvitationView>, Error> {
        let context = self.read_context(actor, team, Action::ViewInvitations)?;
        let now = self.now();
        let filter = status.map_or(InvitationFilter::All, InvitationFilter::Status);
        let mut people = People::new(&self.store);
        let mut views = Vec::new();
        for row in self.store.invitation_rows(context.team.id, filter, now)? {
            let id = row?.id;
            let invitation = self.store.find_invitation(id)?.ok_or_else(|| {
                crate::store::StoreError::Corrupt(format!(
                    "invitation_rows names the missing invitation {id}"
                ))
            })?;
            views.push(self.invitation_view(&invitation, &context.team.name, now, &mut people)?);
        }
        if matches!(
            status,
            Some(InvitationStatus::Pending | InvitationStatus::Expired)
        ) {
            // Found through the expiry index: in the order of the full list.
            views.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
        }
        Ok(views)
    }

    /// The context for template reads: every team role, on Clinic teams only.
    fn template_context(&self, actor: &Actor) -> Result<TeamContext, Error> {
        let context = self.read_context(actor, &TeamChoice::Own, Action::UseTemplates)?;
        context
            .team
            .require_clinic(self.now(), "template sharing")?;
        Ok(context)
    }

    /// `template list`, by name.
    pub fn templates(&self, actor: &Actor) -> Result<Vec<TemplateSummary>, Error> {
        let context = self.template_context(actor)?;
        let mut templates = self.store.templates_of(context.team.id)?;
        templates.sort_by_cached_key(|t| t.name.to_lowercase());
        templates
            .into_iter()
            .map(|t| {
                Ok(TemplateSummary {
                    updated_by: person_ref(&self.store, t.updated_by)?,
                    bytes: t.body.len(),
                    name: t.name,
                    version: t.version,
                    updated_at: t.updated_at,
                })
            })
            .collect()
    }

    /// `template show`.
    pub fn template(&self, actor: &Actor, name: &str) -> Result<TemplateView, Error> {
        let context = self.template_context(actor)?;
        let template = self
            .store
            .template_named(context.team.id, name)?
            .ok_or_else(|| {
                DomainError::not_found(format!(
                    "there is no template named \"{}\" in \"{}\"",
                    name.trim(),
                    context.team.name
                ))
            })?;
        self.template_view(&template)
    }

    /// Every action of the policy this actor may take on the team (their own,
    /// or the one named): the console offers only these, and the domain still
    /// checks each one when it is taken.
    pub fn allowed_actions(&self, actor: &Actor, team: &TeamChoice) -> Result<Vec<Action>, Error> {
        let team_id = self.team_id_for(actor, team, Action::ViewTeam)?;
        let context = self.team_context(&self.store, actor, team_id)?;
        Ok(Action::ALL
            .into_iter()
            .filter(|&action| context.authorize(action).is_ok())
            .collect())
    }

    /// Every action of the policy this actor may take on teams they are not
    /// in: support staff's rights across teams, which triage offers.
    pub fn allowed_across_teams(&self, actor: &Actor) -> Result<Vec<Action>, Error> {
        let account = self.actor_account(&self.store, actor)?;
        let standings = standings(Who::Account(&account), None);
        Ok(Action::ALL
            .into_iter()
            .filter(|&action| authorize(&standings, action).is_ok())
            .collect())
    }

    /// Every account, for the local operator's "act as" picker.
    pub fn accounts(&self, actor: &Actor) -> Result<Vec<AccountSummary>, Error> {
        self.authorize_store(actor, Action::ListAccounts)?;
        let mut accounts = Vec::new();
        for account in self.store.all::<Account>() {
            accounts.push(self.account_summary(account?)?);
        }
        accounts.sort_by_cached_key(|a| (a.team.is_none(), a.team.clone(), a.name.to_lowercase()));
        Ok(accounts)
    }

    fn account_summary(&self, account: Account) -> Result<AccountSummary, Error> {
        let team = match self.store.team_of(account.id)? {
            Some(team) => self.store.team(team)?.map(|t| t.name),
            None => None,
        };
        Ok(AccountSummary {
            id: account.id,
            email: account.email.to_string(),
            name: account.name,
            plan: account.plan.label(),
            staff: account.staff.is_some(),
            team,
        })
    }

    /// `account keys`: the SSH keys registered to an account (the operator's).
    pub fn account_keys(&self, actor: &Actor, email: &str) -> Result<Vec<AccountKeyView>, Error> {
        self.authorize_store(actor, Action::ManageAccountKeys)?;
        let account = account_named(&self.store, &Email::parse(email)?)?;
        Ok(account
            .keys()
            .map(|key| AccountKeyView::from(&key))
            .collect())
    }

    /// The account an SSH key signs in as, by the key's SHA-256 fingerprint
    /// (`SHA256:…`), for `teamdesk serve` to know who connected. It takes no
    /// actor: nobody acts until their key has said who they are, and every
    /// change and read after that is authorised as that person. `None` when
    /// no account holds the key; the account's own keys are checked too,
    /// so a damaged index never signs anyone in as someone else.
    pub fn account_for_key(&self, fingerprint: &str) -> Result<Option<AccountSummary>, Error> {
        match self.store.account_by_key(fingerprint)? {
            Some(account) if account.keys().any(|key| key.fingerprint() == fingerprint) => {
                self.account_summary(account).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// `audit`: the newest entries of a team, newest first (from the
    /// archive too, when the working store holds fewer).
    pub fn audit_log(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        limit: usize,
    ) -> Result<Vec<AuditView>, Error> {
        let context = self.read_context(actor, team, Action::ReadAudit)?;
        let mut people = People::new(&self.store);
        self.store
            .audit_ever_of(Some(context.team.id), limit)?
            .into_iter()
            .map(|entry| {
                Ok(AuditView {
                    at: entry.at,
                    actor_name: match entry.actor {
                        Some(id) => Some(people.get(id)?.name),
                        None => None,
                    },
                    actor: entry.actor_email,
                    action: entry.action,
                    target: entry.target,
                    details: entry.details,
                })
            })
            .collect()
    }
}
