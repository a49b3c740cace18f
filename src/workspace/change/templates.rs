//! Commands on shared templates (Clinic teams).

use chrono::{DateTime, Utc};

use super::super::{Actor, Applied, Outcome, TeamChoice, Workspace};
use crate::Error;
use crate::domain::rules::template as rules;
use crate::domain::{Action, AuditAction};
use crate::store::Reads;

impl Workspace {
    pub(super) fn add_template(
        &self,
        actor: &Actor,
        name: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id =
            self.team_for_change(actor, &TeamChoice::Own, Action::ManageTemplates, now)?;
        let template = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let existing = tx.template_named(team_id, name)?;
            let (template, change) = rules::add_template(
                fresh,
                context.acting(),
                &context.team,
                (name, body),
                existing.as_ref(),
                now,
            )?;
            Ok((template, change))
        })?;
        self.template_applied(team_id, &template, AuditAction::TemplateAdd)
    }

    pub(super) fn edit_template(
        &self,
        actor: &Actor,
        name: &str,
        body: &str,
        based_on: u32,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id =
            self.team_for_change(actor, &TeamChoice::Own, Action::ManageTemplates, now)?;
        let template = self.change_team(actor, team_id, now, |tx, context, _| {
            let current = tx.template_named(team_id, name)?;
            let edited = rules::edit_template(
                context.acting(),
                &context.team,
                (name, body),
                current,
                based_on,
                now,
            )?;
            Ok(edited)
        })?;
        self.template_applied(team_id, &template, AuditAction::TemplateEdit)
    }

    pub(super) fn remove_template(
        &self,
        actor: &Actor,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id =
            self.team_for_change(actor, &TeamChoice::Own, Action::ManageTemplates, now)?;
        let removed = self.change_team(actor, team_id, now, |tx, context, _| {
            let current = tx.template_named(team_id, name)?;
            let (removed, change) =
                rules::remove_template(context.acting(), &context.team, name, current, now)?;
            Ok((removed, change))
        })?;
        Ok(Applied {
            outcome: Outcome::TemplateRemoved { name: removed.name },
            team: Some(team_id),
            action: AuditAction::TemplateRemove,
        })
    }

    fn template_applied(
        &self,
        team_id: crate::domain::TeamId,
        template: &crate::domain::Template,
        action: AuditAction,
    ) -> Result<Applied, Error> {
        Ok(Applied {
            outcome: Outcome::Template(self.template_view(template)?),
            team: Some(team_id),
            action,
        })
    }
}
