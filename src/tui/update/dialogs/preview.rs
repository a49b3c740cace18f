//! Cost previews (R11): before a change that touches the next invoice is
//! confirmed, the dialog offering it asks the workspace what it would cost,
//! through an effect, and shows the answer when it comes.

use crate::domain::Action;
use crate::tui::dialog::CostPreview;
use crate::tui::effects::{Effect, Failure};
use crate::tui::state::{App, Dialog};
use crate::workspace::{BillingEffect, CostOf};

/// A preview of `of`, waiting for its answer, and the effect that asks for
/// it; nothing for someone who may not see billing.
pub fn ask(app: &App, of: CostOf) -> (Option<CostPreview>, Vec<Effect>) {
    if !app.may(Action::ViewBilling) {
        return (None, Vec::new());
    }
    let effect = Effect::Preview {
        actor: app.actor.clone(),
        of: of.clone(),
    };
    (Some(CostPreview { of, effect: None }), vec![effect])
}

/// Asks again only when the change is another one than the one previewed
/// (`None` when there is nothing to preview).
pub fn refresh(app: &App, cost: &mut Option<CostPreview>, of: Option<CostOf>) -> Vec<Effect> {
    let Some(of) = of else {
        *cost = None;
        return Vec::new();
    };
    if cost.as_ref().is_some_and(|preview| preview.of == of) {
        return Vec::new();
    }
    let (preview, effects) = ask(app, of);
    *cost = preview;
    effects
}

/// An answer: kept by the open dialog if it is still asking about `of` (a
/// late answer about what was typed before is dropped).
pub fn on_previewed(
    app: &mut App,
    of: &CostOf,
    result: Result<BillingEffect, Failure>,
) -> Vec<Effect> {
    let (Some(Dialog::Confirm { cost, .. })
    | Some(Dialog::Invite { cost, .. })
    | Some(Dialog::ChangeRole { cost, .. })) = &mut app.dialog
    else {
        return Vec::new();
    };
    if let Some(preview) = cost.as_mut().filter(|preview| preview.of == *of) {
        preview.effect = Some(result.map_err(|failure| failure.message));
    }
    Vec::new()
}
