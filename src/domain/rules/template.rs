//! R9: shared templates of Clinic teams, managed by admins and template
//! managers, never silently overwritten.

use chrono::{DateTime, Utc};

use super::Acting;
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, count};
use crate::domain::change::{Change, Delete, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{Fresh, TemplateId};
use crate::domain::policy::Action;
use crate::domain::team::Team;
use crate::domain::template::Template;
use crate::domain::text;

/// Who may manage templates, on a team that has them.
fn check_manage(acting: Acting<'_>, team: &Team, now: DateTime<Utc>) -> Result<(), DomainError> {
    acting.authorize(Action::ManageTemplates)?;
    team.require_clinic(now, "template sharing")
}

/// The refusal for a template name the team does not have.
pub fn no_such_template(team: &Team, name: &str) -> DomainError {
    DomainError::not_found(format!(
        "there is no template named \"{}\" in \"{}\"",
        name.trim(),
        team.name
    ))
}

/// A change to one template, logged under its name.
fn template_change(
    acting: Acting<'_>,
    team: &Team,
    action: AuditAction,
    template: &Template,
    details: AuditDetail,
) -> Change {
    let mut change = Change::default();
    change.log(
        acting.by(),
        Some(team.id),
        action,
        template.name.clone(),
        details,
    );
    change
}

/// A new template; names are unique per team, ignoring case (`existing` is
/// the template already holding the name, if any).
pub fn add_template(
    fresh: &mut dyn Fresh,
    acting: Acting<'_>,
    team: &Team,
    (name, body): (&str, &str),
    existing: Option<&Template>,
    now: DateTime<Utc>,
) -> Result<(Template, Change), DomainError> {
    let name = text::template_name(name)?;
    text::template_body(body)?;
    check_manage(acting, team, now)?;
    if let Some(existing) = existing {
        return Err(DomainError::refused(format!(
            "a template named \"{}\" already exists in \"{}\" (names ignore case)",
            existing.name, team.name
        )));
    }
    let template = Template {
        id: TemplateId::fresh(fresh),
        team: team.id,
        name,
        body: body.to_owned(),
        version: 1,
        created_by: acting.account.id,
        created_at: now,
        updated_by: acting.account.id,
        updated_at: now,
    };
    let details = AuditDetail::TemplateAdded {
        bytes: count(body.len()),
    };
    let mut change = template_change(acting, team, AuditAction::TemplateAdd, &template, details);
    change.put(Put::Template(template.clone()));
    Ok((template, change))
}

/// An edit made from version `based_on`; refused as a conflict when the
/// template changed since.
pub fn edit_template(
    acting: Acting<'_>,
    team: &Team,
    (name, body): (&str, &str),
    template: Option<Template>,
    based_on: u32,
    now: DateTime<Utc>,
) -> Result<(Template, Change), DomainError> {
    text::template_body(body)?;
    check_manage(acting, team, now)?;
    let mut template = template.ok_or_else(|| no_such_template(team, name))?;
    let before = template.version;
    template.edit(based_on, body.to_owned(), acting.account.id, now)?;
    let details = AuditDetail::TemplateEdited {
        from: before,
        to: template.version,
        bytes: count(body.len()),
    };
    let mut change = template_change(acting, team, AuditAction::TemplateEdit, &template, details);
    change.put(Put::Template(template.clone()));
    Ok((template, change))
}

/// Deletes a template.
pub fn remove_template(
    acting: Acting<'_>,
    team: &Team,
    name: &str,
    template: Option<Template>,
    now: DateTime<Utc>,
) -> Result<(Template, Change), DomainError> {
    check_manage(acting, team, now)?;
    let template = template.ok_or_else(|| no_such_template(team, name))?;
    let details = AuditDetail::TemplateDeleted {
        version: template.version,
    };
    let mut change = template_change(
        acting,
        team,
        AuditAction::TemplateRemove,
        &template,
        details,
    );
    change.delete(Delete::Template(template.clone()));
    Ok((template, change))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Standing;
    use crate::domain::rules::fixtures::{Clinic, as_person, now};

    fn soap(clinic: &mut Clinic) -> Template {
        let owner = clinic.owner.0.clone();
        let team = clinic.team.clone();
        let fresh = &mut clinic.fresh;
        let standings = [Standing::Owner];
        let acting = Acting {
            account: &owner,
            standings: &standings,
        };
        add_template(fresh, acting, &team, ("SOAP", "S:\nO:"), None, now())
            .unwrap()
            .0
    }

    #[test]
    fn admins_and_template_managers_manage_templates() {
        let mut clinic = Clinic::new();
        let template = soap(&mut clinic);
        for (standing, person) in clinic.people() {
            let edited = as_person(&clinic, person, |acting| {
                let text = ("SOAP", "new");
                edit_template(acting, &clinic.team, text, Some(template.clone()), 1, now())
            });
            let allowed = matches!(
                standing,
                Standing::Owner | Standing::Admin | Standing::TemplateManager
            );
            assert_eq!(edited.is_ok(), allowed, "{standing:?}");
        }
    }

    #[test]
    fn names_are_unique_ignoring_case_and_pro_teams_have_none() {
        let mut clinic = Clinic::new();
        let template = soap(&mut clinic);
        let fresh = &mut crate::domain::ids::Counter::default();
        let again = as_person(&clinic, &clinic.admin.0, |acting| {
            add_template(
                fresh,
                acting,
                &clinic.team,
                ("soap", "x"),
                Some(&template),
                now(),
            )
        });
        assert!(again.unwrap_err().to_string().contains("already exists"));
        let pro = Clinic::pro();
        let refused = as_person(&pro, &pro.owner.0, |acting| {
            add_template(fresh, acting, &pro.team, ("SOAP", "x"), None, now())
        });
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("Clinic plan is needed for")
        );
    }

    #[test]
    fn an_edit_from_an_old_version_is_a_conflict_and_changes_nothing() {
        let mut clinic = Clinic::new();
        let template = soap(&mut clinic);
        let (edited, _) = as_person(&clinic, &clinic.admin.0, |acting| {
            edit_template(
                acting,
                &clinic.team,
                ("SOAP", "v2"),
                Some(template.clone()),
                1,
                now(),
            )
        })
        .unwrap();
        assert_eq!(edited.version, 2);
        let stale = as_person(&clinic, &clinic.manager.0, |acting| {
            edit_template(
                acting,
                &clinic.team,
                ("SOAP", "mine"),
                Some(edited.clone()),
                1,
                now(),
            )
        })
        .unwrap_err();
        assert_eq!(stale.exit_code(), 5);
        assert!(stale.to_string().contains("nothing was saved"));
    }

    #[test]
    fn removing_a_template_deletes_it() {
        let mut clinic = Clinic::new();
        let template = soap(&mut clinic);
        let (_, change) = as_person(&clinic, &clinic.owner.0, |acting| {
            remove_template(acting, &clinic.team, "SOAP", Some(template.clone()), now())
        })
        .unwrap();
        assert_eq!(change.deletes, vec![Delete::Template(template)]);
    }
}
