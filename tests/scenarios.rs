//! Every scenario of the original help article ("Heidi Teams"), end to end
//! through the `teamdesk` binary: joining on a Pro or Free plan, signing up
//! through a link, who may create a team, links that stop working and what
//! they say, Clinic-only features and the trial, the owner and the last
//! admin, billing rights and hints, bulk invites, support triage, the
//! invitation email, and errors as JSON.

mod support;

use serde_json::Value;
use sha2::{Digest, Sha256};
use support::{Store, token_of};

const START: &str = "2026-03-01T09:00:00Z";
const OWNER: &str = "olivia@bondi.example";
const TEAM: &str = "Bondi Family Practice";

/// A store at [`START`] with the Pro team [`TEAM`] owned by [`OWNER`].
fn bondi() -> Store {
    let mut store = Store::new();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    store
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"))
}

fn list(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is not a list"))
}

fn account_show(store: &Store, email: &str) -> Value {
    store
        .run_as(email, &["--json", "account", "show"])
        .ok()
        .json()
}

fn team_show(store: &Store, email: &str) -> Value {
    store.run_as(email, &["--json", "team", "show"]).ok().json()
}

/// How many entries of an audit list record `action`.
fn count_action(entries: &[Value], action: &str) -> usize {
    entries.iter().filter(|e| e["action"] == action).count()
}

// ---------------------------------------------------------------------------
// Joining a team (FAQ 1-3, "Jak dołączyć do zespołu")
// ---------------------------------------------------------------------------

#[test]
fn a_pro_user_who_accepts_has_their_personal_subscription_cancelled_that_day() {
    let paul = "paul@pro.example";
    let mut store = Store::new();
    store.at("2026-02-01T08:00:00Z");
    store
        .run(&[
            "account", "create", paul, "--name", "Paul Pro", "--plan", "pro", "--cycle", "yearly",
        ])
        .ok();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    let link = store.invite(OWNER, paul, "member");

    store.at("2026-03-04T15:30:00Z");
    store
        .join(paul, &link)
        .ok()
        .says("Your personal Pro (yearly) subscription was cancelled today");

    let me = account_show(&store, paul);
    assert_eq!(me["plan"], "pro (team)");
    assert_eq!(me["team"]["name"], TEAM);
    assert_eq!(me["team"]["role"], "member");
    let history = list(&me["plan_history"]);
    assert_eq!(history.len(), 1, "{history:?}");
    let cancelled = &history[0];
    assert!(
        text(&cancelled["at"]).starts_with("2026-03-04"),
        "{cancelled}"
    );
    assert_eq!(cancelled["team_name"], TEAM);
    let change = &cancelled["change"]["pro_cancelled_on_joining"];
    assert_eq!(change["cycle"], "yearly", "{cancelled}");
    assert_eq!(change["paid_since"], "2026-02-01T08:00:00Z");

    // Recorded on Paul's own account, never on the team or its owner: the
    // owner's history only shows the team taking over their subscription.
    let owner = account_show(&store, OWNER);
    let owner_history = list(&owner["plan_history"]);
    assert_eq!(owner_history.len(), 1, "{owner_history:?}");
    assert!(owner_history[0]["change"].get("moved_to_team").is_some());

    // The seat joins the owner's billing: one bill, two seats.
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(billing["billable_seats"], 2);
    assert_eq!(billing["owner"]["email"], OWNER);

    let audit = store.audit(OWNER);
    let accepted: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "invite.accept")
        .collect();
    assert_eq!(accepted.len(), 1);
    assert!(
        text(&accepted[0]["details"]).contains("personal Pro (yearly) subscription cancelled"),
        "{}",
        accepted[0]
    );
    store.assert_sound();
}

#[test]
fn a_free_user_who_accepts_becomes_pro_through_the_team() {
    let fran = "fran@free.example";
    let mut store = bondi();
    store.account(fran, "Fran Free", "free");
    let link = store.invite(OWNER, fran, "member");

    store.at("2026-03-02T10:00:00Z");
    // The invited address matches whatever case it is typed in.
    let joined = store
        .run_as("Fran@Free.Example", &["--json", "join", &link])
        .ok()
        .json();
    assert_eq!(joined["account_created"], false);
    assert_eq!(joined["team"]["name"], TEAM);
    assert_eq!(joined["plan_change"]["change"], "upgraded_by_team");

    let me = account_show(&store, fran);
    assert_eq!(me["plan"], "pro (team)");
    let history = list(&me["plan_history"]);
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["change"], "upgraded_by_team");
    assert!(text(&history[0]["at"]).starts_with("2026-03-02"));

    let members = store
        .run_as(fran, &["--json", "member", "list"])
        .ok()
        .json();
    let emails: Vec<&str> = list(&members).iter().map(|m| text(&m["email"])).collect();
    assert!(
        emails.contains(&fran) && emails.contains(&OWNER),
        "{emails:?}"
    );
    store.assert_sound();
}

#[test]
fn a_new_person_signs_up_and_joins_in_one_step() {
    let nina = "nina@new.example";
    let mut store = bondi();
    let link = store.invite(OWNER, nina, "member");
    store.at("2026-03-03T11:00:00Z");

    // Without a name there is nothing to create the account with: refused,
    // and no half-made account is left behind.
    store
        .join(nina, &link)
        .fails(6)
        .says("--name")
        .never_says("Welcome");
    store.run_as(nina, &["account", "show"]).fails(4);

    let joined = store
        .run_as(nina, &["--json", "join", &link, "--name", "Nina New"])
        .ok()
        .json();
    assert_eq!(joined["account_created"], true);
    assert_eq!(joined["plan_change"]["change"], "upgraded_by_team");

    let me = account_show(&store, nina);
    assert_eq!(me["name"], "Nina New");
    assert_eq!(me["plan"], "pro (team)");
    assert_eq!(me["team"]["name"], TEAM);
    assert_eq!(me["plan_history"][0]["change"], "upgraded_by_team");

    let accepted = store
        .run_as(OWNER, &["--json", "invite", "list", "--status", "accepted"])
        .ok()
        .json();
    assert_eq!(list(&accepted).len(), 1);
    assert_eq!(accepted[0]["email"], nina);
    store.assert_sound();
}

#[test]
fn a_new_person_signed_in_with_another_address_is_refused_and_gets_no_account() {
    let nina = "nina@new.example";
    let stranger = "nina.private@elsewhere.example";
    let store = bondi();
    let link = store.invite(OWNER, nina, "member");

    store
        .run_as(stranger, &["join", &link, "--name", "Nina Private"])
        .fails(5)
        .diagnostic("INV-EMAIL-MISMATCH")
        .says(nina)
        .says(stranger);

    store.run_as(stranger, &["account", "show"]).fails(4);
    let dump = store.export();
    assert!(
        list(&dump["accounts"])
            .iter()
            .all(|a| a["email"] != stranger),
        "an account was created for {stranger}"
    );
    assert_eq!(list(&dump["memberships"]).len(), 1);

    // The link still works for the address it was sent to.
    store
        .run_as(nina, &["join", &link, "--name", "Nina New"])
        .ok();
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Creating a team ("Jak utworzyć zespół")
// ---------------------------------------------------------------------------

#[test]
fn only_a_pro_account_can_create_a_team() {
    let fran = "fran@free.example";
    let mut store = Store::new();
    store.at(START);
    store.account(fran, "Fran Free", "free");
    store
        .run_as(fran, &["team", "create", "Fran's Clinic"])
        .fails(5)
        .says("Pro plan");
    assert!(list(&store.export()["teams"]).is_empty());
    assert_eq!(account_show(&store, fran)["plan"], "free");

    store.team(OWNER, "Olivia Owner", TEAM);
    let me = account_show(&store, OWNER);
    assert_eq!(me["plan"], "pro (team)");
    assert_eq!(me["team"]["name"], TEAM);
    assert_eq!(me["team"]["role"], "admin");
    assert_eq!(me["team"]["owner"], true);
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "pro");
    assert_eq!(team["owner"]["email"], OWNER);

    // One team at a time, for creators too.
    store
        .run_as(OWNER, &["team", "create", "Second Practice"])
        .fails(5)
        .says(TEAM);
    assert_eq!(list(&store.export()["teams"]).len(), 1);
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// "The link I received does not work" (FAQ 6)
// ---------------------------------------------------------------------------

#[test]
fn an_expired_link_is_refused_and_a_resent_link_replaces_it() {
    let tom = "tom@late.example";
    let uma = "uma@prompt.example";
    let mut store = bondi();
    store.account(tom, "Tom Late", "free");
    store.account(uma, "Uma Prompt", "free");
    let old_link = store.invite(OWNER, tom, "member");
    let uma_link = store.invite(OWNER, uma, "member");

    // Valid for 30 days: the last second still works...
    store.at("2026-03-31T08:59:59Z");
    store.join(uma, &uma_link).ok();
    // ...and from then on the link is refused as expired.
    store.at("2026-03-31T09:00:00Z");
    store
        .join(tom, &old_link)
        .fails(5)
        .diagnostic("INV-EXPIRED")
        .says("expired on 31 Mar 2026")
        .says("resend");
    assert!(account_show(&store, tom)["team"].is_null());
    let expired = store
        .run_as(OWNER, &["--json", "invite", "list", "--status", "expired"])
        .ok()
        .json();
    assert_eq!(list(&expired).len(), 1);
    assert_eq!(expired[0]["email"], tom);

    // The admin resends: a new link with a new 30-day window.
    store.at("2026-04-02T10:00:00Z");
    let resent = store
        .run_as(OWNER, &["--json", "invite", "resend", tom])
        .ok()
        .json();
    let new_link = text(&resent["link"]).to_owned();
    assert_ne!(new_link, old_link);
    assert_eq!(resent["expires_at"], "2026-05-02T10:00:00Z");

    // The old link now says a newer invitation was sent.
    store
        .join(tom, &old_link)
        .fails(5)
        .diagnostic("INV-SUPERSEDED")
        .says("a newer invitation was sent on 2 Apr 2026");

    store.at("2026-04-20T10:00:00Z");
    store.join(tom, &new_link).ok();
    assert_eq!(account_show(&store, tom)["team"]["name"], TEAM);

    // Still superseded (not "used") after the new link was accepted.
    store
        .join(tom, &old_link)
        .fails(5)
        .diagnostic("INV-SUPERSEDED");
    store.assert_sound();
}

#[test]
fn a_revoked_link_is_refused_and_the_address_can_be_invited_again() {
    let rita = "rita@revoked.example";
    let mut store = bondi();
    store.account(rita, "Rita Revoked", "free");
    let revoked_link = store.invite(OWNER, rita, "member");
    store.at("2026-03-02T09:00:00Z");
    store.run_as(OWNER, &["invite", "revoke", rita]).ok();

    store.at("2026-03-03T09:00:00Z");
    store
        .join(rita, &revoked_link)
        .fails(5)
        .diagnostic("INV-REVOKED")
        .says("revoked by Olivia Owner on 2 Mar 2026");
    assert!(account_show(&store, rita)["team"].is_null());

    // R5: the same address may be invited again, and the new link works.
    let link = store.invite(OWNER, rita, "member");
    store.join(rita, &link).ok();
    store
        .join(rita, &revoked_link)
        .fails(5)
        .diagnostic("INV-REVOKED");
    store.assert_sound();
}

#[test]
fn a_used_link_is_refused() {
    let ursula = "ursula@used.example";
    let mut store = bondi();
    store.account(ursula, "Ursula Used", "free");
    let link = store.invite(OWNER, ursula, "member");
    store.join(ursula, &link).ok();

    store.at("2026-03-05T09:00:00Z");
    store
        .join(ursula, &link)
        .fails(5)
        .diagnostic("INV-USED")
        .says("already used on 1 Mar 2026");
    // Whoever opens it: the link works once.
    store.account("vic@other.example", "Vic Other", "free");
    store
        .join("vic@other.example", &link)
        .fails(5)
        .diagnostic("INV-USED");
    assert!(account_show(&store, "vic@other.example")["team"].is_null());
    store.assert_sound();
}

#[test]
fn an_account_in_another_team_is_told_which_team_and_what_to_do() {
    let cora = "cora@coastal.example";
    let carl = "carl@coastal.example";
    let store = bondi();
    store.team(carl, "Carl Coastal", "Coastal GP");
    store.member(carl, cora, "Cora Coastal", "member");
    let link = store.invite(OWNER, cora, "member");

    store
        .join(cora, &link)
        .fails(5)
        .diagnostic("INV-OTHER-TEAM")
        .says("\"Coastal GP\"")
        .says("leave it first");
    assert_eq!(account_show(&store, cora)["team"]["name"], "Coastal GP");

    // Once she has left, the same link works.
    store.run_as(cora, &["member", "leave"]).ok();
    store.join(cora, &link).ok();
    assert_eq!(account_show(&store, cora)["team"]["name"], TEAM);
    store.assert_sound();
}

#[test]
fn a_different_account_opening_the_link_is_told_both_addresses() {
    let mia = "mia@invited.example";
    let dan = "dan@forwarded.example";
    let store = bondi();
    store.account(mia, "Mia Invited", "free");
    store.account(dan, "Dan Forwarded", "pro");
    let link = store.invite(OWNER, mia, "member");

    store
        .join(dan, &link)
        .fails(5)
        .diagnostic("INV-EMAIL-MISMATCH")
        .says(&format!("This invitation is for {mia}"))
        .says(&format!("signed in as {dan}"));
    let dan_now = account_show(&store, dan);
    assert!(dan_now["team"].is_null());
    assert_eq!(dan_now["plan"], "pro (monthly)");

    store.join(mia, &link).ok();
    store.assert_sound();
}

#[test]
fn a_garbage_link_is_unknown() {
    let store = bondi();
    store.account("gus@garbage.example", "Gus", "free");
    store.invite(OWNER, "gus@garbage.example", "member");
    let well_formed_but_unknown = format!("https://teamdesk.example/join/{}", "ab".repeat(24));
    for link in [
        "https://teamdesk.example/join/not-a-token",
        "hello",
        well_formed_but_unknown.as_str(),
    ] {
        store
            .join("gus@garbage.example", link)
            .fails(4)
            .diagnostic("INV-UNKNOWN");
    }
    assert!(account_show(&store, "gus@garbage.example")["team"].is_null());
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Pro team vs Clinic team ("Czym jest zespół Heidi?")
// ---------------------------------------------------------------------------

const TARA: &str = "tara@bondi.example";
const MO: &str = "mo@bondi.example";
const ADA: &str = "ada@bondi.example";

#[test]
fn templates_and_assistants_need_the_clinic_plan_and_work_after_upgrading() {
    let store = bondi();
    store.member(OWNER, TARA, "Tara Templates", "template_manager");
    store.member(OWNER, MO, "Mo Member", "member");
    let soap = store.file("soap.txt", "S:\tsubjective\nO:\tobjective\n");
    pro_team_has_no_collaboration_tools(&store, &soap);
    upgrading_starts_the_trial_and_opens_the_clinic_tools(&store, &soap);
    every_role_uses_templates_only_managers_change_them(&store, &soap);
    a_later_save_of_the_same_version_is_refused_as_a_conflict(&store);
    store.assert_sound();
}

/// A Pro team only centralises payment: no collaboration tools.
fn pro_team_has_no_collaboration_tools(store: &Store, soap: &str) {
    store
        .run_as(OWNER, &["template", "add", "SOAP", "--body-file", soap])
        .fails(5)
        .says("Clinic plan is needed for");
    store
        .run_as(TARA, &["template", "list"])
        .fails(5)
        .says("Clinic plan is needed for");
    store
        .run_as(OWNER, &["invite", "add", ADA, "--role", "assistant"])
        .fails(5)
        .says("Clinic plan is needed for");
    store
        .run_as(OWNER, &["member", "role", MO, "assistant"])
        .fails(5)
        .says("Clinic plan is needed for");
    store
        .run_as(OWNER, &["team", "set", "--session-sharing", "on"])
        .fails(5)
        .says("Clinic plan is needed for");
    let dump = store.export();
    assert!(list(&dump["templates"]).is_empty());
    assert!(list(&dump["invitations"]).iter().all(|i| i["email"] != ADA));
}

/// Upgrading starts the 14-day Clinic trial; templates, session sharing and
/// assistants then work.
fn upgrading_starts_the_trial_and_opens_the_clinic_tools(store: &Store, soap: &str) {
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let team = team_show(store, OWNER);
    assert_eq!(team["kind"], "clinic");
    assert_eq!(team["trial_days_left"], 14);

    store
        .run_as(OWNER, &["template", "add", "SOAP", "--body-file", soap])
        .ok();
    store
        .run_as(OWNER, &["team", "set", "--session-sharing", "on"])
        .ok();
    let ada_link = store.invite(OWNER, ADA, "assistant");
    store
        .run_as(ADA, &["join", &ada_link, "--name", "Ada Assistant"])
        .ok();
    let team = team_show(store, OWNER);
    assert_eq!(team["assistants"], 1);
    assert_eq!(team["session_sharing"], true);
}

/// Every role uses templates; only admins and template managers change them.
fn every_role_uses_templates_only_managers_change_them(store: &Store, soap: &str) {
    for reader in [OWNER, TARA, MO, ADA] {
        let shown = store
            .run_as(reader, &["--json", "template", "show", "soap"])
            .ok()
            .json();
        assert_eq!(shown["body"], "S:\tsubjective\nO:\tobjective\n");
    }
    edit_soap(store, MO, soap, "1").fails(3);
}

/// Two people open version 1; the later save is refused as a conflict, and
/// starting again from the current version works.
fn a_later_save_of_the_same_version_is_refused_as_a_conflict(store: &Store) {
    let tara_body = store.file("tara.txt", "S:\tsubjective (tara)\n");
    let olivia_body = store.file("olivia.txt", "S:\tsubjective (olivia)\n");
    edit_soap(store, TARA, &tara_body, "1").ok();
    edit_soap(store, OWNER, &olivia_body, "1")
        .fails(5)
        .says("changed since")
        .says("nothing was saved");
    let shown = store
        .run_as(OWNER, &["--json", "template", "show", "SOAP"])
        .ok()
        .json();
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["body"], "S:\tsubjective (tara)\n");
    assert_eq!(shown["updated_by"]["email"], TARA);

    edit_soap(store, OWNER, &olivia_body, "2").ok();
    let shown = store
        .run_as(OWNER, &["--json", "template", "show", "SOAP"])
        .ok()
        .json();
    assert_eq!(shown["version"], 3);
    assert_eq!(shown["body"], "S:\tsubjective (olivia)\n");
}

/// `who` saves `body_file` as the SOAP template, based on `base_version`.
fn edit_soap(store: &Store, who: &str, body_file: &str, base_version: &str) -> support::Run {
    store.run_as(
        who,
        &[
            "template",
            "edit",
            "SOAP",
            "--body-file",
            body_file,
            "--base-version",
            base_version,
        ],
    )
}

#[test]
fn the_clinic_trial_without_a_card_returns_to_pro_and_is_logged_once() {
    let mut store = bondi();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let soap = store.file("soap.txt", "Plan:\n");
    store
        .run_as(OWNER, &["template", "add", "SOAP", "--body-file", &soap])
        .ok();

    store.at("2026-03-14T09:00:00Z");
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "clinic");
    assert_eq!(team["trial_days_left"], 1);

    // 14 days after upgrading, with no card on file.
    store.at("2026-03-15T09:00:00Z");
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "pro");
    assert!(team["trial_days_left"].is_null());
    team_show(&store, OWNER);
    store.run_as(OWNER, &["member", "list"]).ok();
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(billing["kind"], "pro");
    // Shared templates are kept but hidden while the team is Pro.
    store
        .run_as(OWNER, &["template", "list"])
        .fails(5)
        .says("Clinic plan is needed for");

    store.at("2026-03-16T09:00:00Z");
    let audit = store.audit(OWNER);
    assert_eq!(count_action(&audit, "team.trial_end"), 1, "{audit:#?}");
    let ended = audit
        .iter()
        .find(|e| e["action"] == "team.trial_end")
        .expect("a trial end entry");
    assert_eq!(ended["actor"], "system");
    assert!(text(&ended["at"]).starts_with("2026-03-15"), "{ended}");
    assert!(
        text(&ended["details"]).contains("returned to Pro"),
        "{ended}"
    );
    assert_eq!(count_action(&store.audit(OWNER), "team.trial_end"), 1);
    let dump = store.export();
    assert_eq!(count_action(list(&dump["audit"]), "team.trial_end"), 1);
    assert_eq!(list(&dump["templates"]).len(), 1);

    // Upgrading again goes straight to Clinic (the trial was used) and the
    // kept template is back.
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "clinic");
    assert!(team["trial_days_left"].is_null());
    let templates = store
        .run_as(OWNER, &["--json", "template", "list"])
        .ok()
        .json();
    assert_eq!(templates[0]["name"], "SOAP");
    store.assert_sound();
}

#[test]
fn the_clinic_trial_with_a_card_on_file_stays_clinic() {
    let mut store = bondi();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    store.at("2026-03-05T09:00:00Z");
    store
        .run_as(
            OWNER,
            &[
                "billing",
                "set",
                "--card-brand",
                "visa",
                "--card-last4",
                "4242",
                "--card-expiry",
                "12/2030",
            ],
        )
        .ok();

    store.at("2026-03-20T09:00:00Z");
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "clinic");
    assert!(team["trial_days_left"].is_null());
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(billing["kind"], "clinic");
    assert_eq!(
        billing["payment_method"],
        "visa ending 4242, expires 12/2030"
    );
    store.run_as(OWNER, &["template", "list"]).ok();

    let audit = store.audit(OWNER);
    assert_eq!(count_action(&audit, "team.trial_end"), 1, "{audit:#?}");
    let ended = audit
        .iter()
        .find(|e| e["action"] == "team.trial_end")
        .expect("a trial end entry");
    assert!(
        text(&ended["details"]).contains("stays on Clinic"),
        "{ended}"
    );
    store.assert_sound();
}

#[test]
fn downgrading_is_refused_while_assistants_are_present() {
    let ada = "ada@bondi.example";
    let store = bondi();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    store
        .run_as(OWNER, &["team", "set", "--session-sharing", "on"])
        .ok();
    store.member(OWNER, ada, "Ada Assistant", "assistant");

    store
        .run_as(OWNER, &["team", "downgrade"])
        .fails(5)
        .says(&format!("Ada Assistant <{ada}>"));
    assert_eq!(team_show(&store, OWNER)["kind"], "clinic");

    store.run_as(OWNER, &["member", "role", ada, "member"]).ok();
    store.run_as(OWNER, &["team", "downgrade"]).ok();
    let team = team_show(&store, OWNER);
    assert_eq!(team["kind"], "pro");
    assert_eq!(team["session_sharing"], false);
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Admin and member rights ("Uprawnienia administratora i członka zespołu")
// ---------------------------------------------------------------------------

#[test]
fn the_owner_cannot_leave_or_be_removed_and_the_last_admin_stays() {
    let pat = "pat@bondi.example";
    let store = bondi();
    store.member(OWNER, pat, "Pat Partner", "member");

    store
        .run_as(OWNER, &["member", "role", OWNER, "member"])
        .fails(5)
        .says("one admin left");
    store
        .run_as(OWNER, &["member", "leave"])
        .fails(5)
        .says("transfer ownership");
    store
        .run_as(OWNER, &["member", "remove", OWNER])
        .fails(5)
        .says("owner cannot be removed");

    // A second admin cannot remove or demote the owner either.
    store.run_as(OWNER, &["member", "role", pat, "admin"]).ok();
    store
        .run_as(pat, &["member", "remove", OWNER])
        .fails(5)
        .says("owner cannot be removed");
    store
        .run_as(pat, &["member", "role", OWNER, "member"])
        .fails(5)
        .says("owner cannot be demoted");

    let me = account_show(&store, OWNER);
    assert_eq!(me["team"]["role"], "admin");
    assert_eq!(me["team"]["owner"], true);
    assert_eq!(team_show(&store, OWNER)["members"], 2);

    // After handing over ownership the former owner may leave, and is back on free.
    store.run_as(OWNER, &["team", "transfer", pat]).ok();
    store.run_as(OWNER, &["member", "leave"]).ok();
    assert_eq!(account_show(&store, OWNER)["plan"], "free");
    // Now Pat is the owner and only admin.
    store
        .run_as(pat, &["member", "role", pat, "member"])
        .fails(5)
        .says("one admin left");
    store.assert_sound();
}

#[test]
fn a_member_cannot_view_billing_and_is_told_the_missing_right() {
    let mo = "mo@bondi.example";
    let store = bondi();
    store.member(OWNER, mo, "Mo Member", "member");

    let refused = store.run_as(mo, &["billing", "show"]).fails(3);
    assert_eq!(refused.stderr, "Only team admins can view billing.\n");
    assert!(refused.stdout.is_empty());
    let refused = store.run_as(mo, &["--json", "billing", "show"]).fails(3);
    assert_eq!(
        refused.error_json()["error"],
        "only team admins can view billing"
    );
    store
        .run_as(
            mo,
            &["billing", "set", "--billing-email", "me@bondi.example"],
        )
        .fails(3)
        .says("Only team admins can edit billing.");

    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert!(billing["billing_email"].is_null());
    assert_eq!(billing["billable_seats"], 2);
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Inviting ("Zaproś członków, wprowadzając ich adresy e-mail")
// ---------------------------------------------------------------------------

#[test]
fn a_bulk_invite_reports_each_address_and_one_bad_address_blocks_nothing() {
    let store = bondi();
    let run = store.run_as(
        OWNER,
        &[
            "--json",
            "invite",
            "add",
            "amy@bulk.example",
            "not an email",
            " Ben@Bulk.Example ",
            "cat@bulk.example",
        ],
    );
    assert_ne!(run.code, 0, "a refused address must show in the exit code");
    let results = run.json();
    let results = list(&results);
    assert_eq!(results.len(), 4, "{results:?}");
    assert_eq!(results[0]["result"], "invited");
    assert_eq!(results[0]["email"], "amy@bulk.example");
    assert_eq!(results[1]["result"], "refused");
    assert_eq!(results[1]["email"], "not an email");
    assert_eq!(results[1]["exit_code"], 6);
    assert_eq!(results[2]["result"], "invited");
    assert_eq!(results[2]["email"], "ben@bulk.example");
    assert_eq!(results[3]["result"], "invited");
    for invited in [&results[0], &results[2], &results[3]] {
        assert!(text(&invited["link"]).contains("/join/"));
    }

    let pending = store
        .run_as(OWNER, &["--json", "invite", "list", "--status", "pending"])
        .ok()
        .json();
    let mut emails: Vec<&str> = list(&pending).iter().map(|i| text(&i["email"])).collect();
    emails.sort_unstable();
    assert_eq!(
        emails,
        ["amy@bulk.example", "ben@bulk.example", "cat@bulk.example"]
    );
    assert_eq!(list(&store.export()["outbox"]).len(), 3);

    // As text: one line per address.
    store
        .run_as(
            OWNER,
            &["invite", "add", "dee@bulk.example", "amy@bulk.example"],
        )
        .fails(5)
        .says("invited dee@bulk.example")
        .says("refused amy@bulk.example");
    store.assert_sound();
}

#[test]
fn inviting_a_pending_address_says_to_resend_and_a_member_is_refused() {
    let tom = "tom@bondi.example";
    let mo = "mo@bondi.example";
    let store = bondi();
    store.member(OWNER, mo, "Mo Member", "member");
    store.invite(OWNER, tom, "member");

    let again = store
        .run_as(OWNER, &["--json", "invite", "add", "TOM@bondi.example"])
        .fails(5)
        .json();
    assert_eq!(again[0]["result"], "refused");
    assert!(
        text(&again[0]["error"]).contains("resend it instead"),
        "{again}"
    );
    store
        .run_as(OWNER, &["invite", "add", tom])
        .fails(5)
        .says("resend it instead");
    store
        .run_as(OWNER, &["invite", "add", mo])
        .fails(5)
        .says("already a member");

    let dump = store.export();
    let tom_invitations = list(&dump["invitations"])
        .iter()
        .filter(|i| i["email"] == tom)
        .count();
    assert_eq!(tom_invitations, 1);
    assert_eq!(list(&dump["outbox"]).len(), 2);
    store.assert_sound();
}

#[test]
fn every_invite_sends_an_email_and_the_store_keeps_only_a_token_hash() {
    let mut store = bondi();
    let tom = "tom@mail.example";
    let link = store.invite(OWNER, tom, "member");
    store.at("2026-03-10T12:00:00Z");
    let resent = store
        .run_as(OWNER, &["--json", "invite", "resend", tom])
        .ok()
        .json();
    let new_link = text(&resent["link"]).to_owned();
    assert_eq!(resent["delivery"]["status"], "sent", "{resent}");

    // With no mail server configured, emails are files beside the store.
    let mailbox = store.mailbox();
    assert_eq!(mailbox.len(), 2, "{mailbox:?}");
    for (email, link, expiry, subject) in [
        (&mailbox[0], &link, "31 Mar 2026", "You're invited to join"),
        (
            &mailbox[1],
            &new_link,
            "9 Apr 2026",
            "Your new invitation to join",
        ),
    ] {
        assert_eq!(email.to, tom);
        assert!(email.subject.starts_with(subject), "{}", email.subject);
        assert!(email.subject.contains(TEAM), "{}", email.subject);
        for part in [&email.text, &email.html] {
            assert!(part.contains(link.as_str()), "{part}");
            assert!(part.contains(expiry), "{part}");
            assert!(part.contains("Olivia Owner"), "{part}");
        }
    }

    let dump = store.export();
    let outbox = list(&dump["outbox"]);
    assert_eq!(outbox.len(), 2, "{outbox:?}");
    assert!(
        outbox
            .iter()
            .all(|m| m["to"] == tom && m["delivery"]["sent"].is_object())
    );
    let invitations = list(&dump["invitations"]);
    assert_eq!(invitations.len(), 2);
    let exported = dump.to_string();
    for link in [&link, &new_link] {
        let token = token_of(link);
        assert!(token.len() * 4 >= 128, "a token of at least 128 bits");
        assert!(!exported.contains(token), "the export holds a token");
        let hash: Vec<Value> = Sha256::digest(token.as_bytes())
            .iter()
            .map(|&b| Value::from(b))
            .collect();
        assert!(
            invitations
                .iter()
                .any(|i| i["token_hash"] == Value::from(hash.clone())),
            "no invitation stores the SHA-256 of its token"
        );
    }
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Billing ("Jak działa rozliczanie zespołu", large teams)
// ---------------------------------------------------------------------------

#[test]
fn ten_billable_seats_show_the_contact_sales_hint() {
    let store = bondi();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let emails: Vec<String> = (1..=9).map(|n| format!("doc{n}@bondi.example")).collect();
    let mut args = vec!["--json", "invite", "add"];
    args.extend(emails.iter().map(String::as_str));
    let invited = store.run_as(OWNER, &args).ok().json();
    let links: Vec<String> = list(&invited)
        .iter()
        .map(|r| text(&r["link"]).to_owned())
        .collect();
    // Owner + 8 clinicians + 1 free assistant: 9 billable seats.
    for (email, link) in emails.iter().zip(&links).take(8) {
        store
            .run_as(email, &["join", link, "--name", "Doctor"])
            .ok();
    }
    store.member(OWNER, "ada@bondi.example", "Ada Assistant", "assistant");
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(billing["billable_seats"], 9);
    assert_eq!(billing["assistants"], 1);
    assert!(billing["hint"].is_null(), "{billing}");
    store
        .run_as(OWNER, &["billing", "show"])
        .ok()
        .never_says("contact sales");

    store
        .run_as(&emails[8], &["join", &links[8], "--name", "Doctor"])
        .ok();
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(billing["billable_seats"], 10);
    assert_eq!(
        billing["hint"],
        "large team: contact sales for volume pricing"
    );
    store
        .run_as(OWNER, &["billing", "show"])
        .ok()
        .says("contact sales for volume pricing");
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Support staff triage (FAQ 6, from the support side)
// ---------------------------------------------------------------------------

#[test]
fn support_staff_look_up_an_address_across_teams_and_resend_but_cannot_invite() {
    let sam = "sam@vendor.example";
    let carl = "carl@coastal.example";
    let tom = "tom@lost.example";
    let mut store = bondi();
    store.team(carl, "Carl Coastal", "Coastal GP");
    store.account(tom, "Tom Lost", "free");
    store.support_account(sam, "Sam Support");
    let bondi_link = store.invite(OWNER, tom, "member");
    store.at("2026-03-10T09:00:00Z");
    store.invite(carl, tom, "member");

    // Tom's first link has expired when he finally opens it.
    store.at("2026-04-05T09:00:00Z");
    store
        .join(tom, &bondi_link)
        .fails(5)
        .diagnostic("INV-EXPIRED");

    let lookup = store
        .run_as(sam, &["--json", "support", "lookup", "Tom@Lost.example"])
        .ok()
        .json();
    assert_eq!(lookup["email"], tom);
    assert_eq!(lookup["account"]["name"], "Tom Lost");
    assert_eq!(lookup["account"]["plan"], "free");
    assert!(lookup["account"]["team"].is_null());
    let rows = list(&lookup["invitations"]);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let coastal = &rows[0];
    assert_eq!(coastal["invitation"]["team_name"], "Coastal GP");
    assert_eq!(coastal["invitation"]["status"], "pending");
    assert_eq!(coastal["status_text"], "pending · expires in 4 days");
    assert!(text(&coastal["next_step"]).starts_with("wait for them to accept"));
    let bondi_row = &rows[1];
    let invitation = &bondi_row["invitation"];
    assert_eq!(invitation["team_name"], TEAM);
    assert_eq!(invitation["role"], "member");
    assert_eq!(invitation["status"], "expired");
    assert_eq!(invitation["invited_by"]["email"], OWNER);
    assert_eq!(invitation["sent_at"], START);
    assert_eq!(bondi_row["email_queued_at"], START);
    assert_eq!(invitation["refused_attempts"][0]["code"], "INV-EXPIRED");
    assert_eq!(invitation["refused_attempts"][0]["by_email"], tom);
    assert_eq!(bondi_row["status_text"], "expired 5 days ago");
    assert!(
        text(&bondi_row["next_step"]).contains(&format!("invite resend {tom} --team \"{TEAM}\"")),
        "{bondi_row}"
    );

    // Support resends for the team they name; the new link works.
    let resent = store
        .run_as(sam, &["--json", "invite", "resend", tom, "--team", TEAM])
        .ok()
        .json();
    let new_link = text(&resent["link"]).to_owned();
    store.join(tom, &new_link).ok();
    assert_eq!(account_show(&store, tom)["team"]["name"], TEAM);

    let lookup = store
        .run_as(sam, &["--json", "support", "lookup", tom])
        .ok()
        .json();
    let statuses: Vec<&str> = list(&lookup["invitations"])
        .iter()
        .map(|row| text(&row["invitation"]["status"]))
        .collect();
    assert_eq!(statuses, ["accepted", "pending", "superseded"]);
    assert_eq!(
        lookup["invitations"][0]["next_step"],
        "nothing to do: they are in the team"
    );
    assert_eq!(lookup["account"]["team"], TEAM);

    // Support triages; it does not invite, and it names the team it acts on.
    store
        .run_as(sam, &["invite", "add", "new@lost.example"])
        .fails(3)
        .says("Only team admins can invite people.");
    store
        .run_as(sam, &["invite", "resend", tom])
        .fails(6)
        .says("--team");
    // Looking up across teams is for support only.
    store
        .run_as(OWNER, &["support", "lookup", tom])
        .fails(3)
        .says("Only support staff can look up an address across teams.");
    let audit = store
        .run_as(sam, &["--json", "audit", "--team", TEAM])
        .ok()
        .json();
    assert!(
        list(&audit)
            .iter()
            .any(|e| e["action"] == "invite.resend" && e["actor"] == sam),
        "{audit}"
    );
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Errors for scripts
// ---------------------------------------------------------------------------

#[test]
fn json_errors_go_to_stderr_with_the_error_its_code_and_the_exit_code() {
    let mo = "mo@bondi.example";
    let store = bondi();
    store.member(OWNER, mo, "Mo Member", "member");

    let unknown = store
        .run_as(
            mo,
            &["--json", "join", "https://teamdesk.example/join/nope"],
        )
        .fails(4);
    assert!(unknown.stdout.is_empty(), "{}", unknown.stdout);
    let error = unknown.error_json();
    assert_eq!(error["code"], "INV-UNKNOWN");
    assert_eq!(error["exit_code"], 4);
    assert!(text(&error["error"]).contains("not valid"), "{error}");

    let denied = store
        .run_as(mo, &["--json", "billing", "show"])
        .fails(3)
        .error_json();
    assert!(denied["code"].is_null());
    assert_eq!(denied["exit_code"], 3);
    assert_eq!(denied["error"], "only team admins can view billing");

    let link = store.invite(OWNER, "pia@bondi.example", "member");
    let mismatch = store
        .run_as(mo, &["--json", "join", &link])
        .fails(5)
        .error_json();
    assert_eq!(mismatch["code"], "INV-EMAIL-MISMATCH");
    assert_eq!(mismatch["exit_code"], 5);
    assert!(text(&mismatch["error"]).contains("pia@bondi.example"));

    // Usage errors too, whether clap or the command finds them.
    for args in [
        &[
            "--json",
            "--as",
            OWNER,
            "invite",
            "add",
            "x@y.example",
            "--role",
            "boss",
        ][..],
        &["--json", "team", "show"][..],
    ] {
        let usage = store.run(args).fails(2);
        assert!(usage.stdout.is_empty(), "{}", usage.stdout);
        assert_eq!(usage.stderr.lines().count(), 1, "{}", usage.stderr);
        let error = usage.error_json();
        assert!(error["code"].is_null());
        assert_eq!(error["exit_code"], 2);
        assert!(!text(&error["error"]).is_empty());
    }
    store.assert_sound();
}

#[test]
fn inviting_an_address_whose_invitation_expired_says_to_resend_it() {
    let mut store = bondi();
    store.invite(OWNER, "tom@mail.example", "member");
    store
        .run_as(OWNER, &["invite", "add", "tom@mail.example"])
        .fails(5)
        .says("already has a pending invitation (sent 1 Mar 2026)");
    store.at("2026-04-02T09:00:00Z");
    store
        .run_as(OWNER, &["invite", "add", "tom@mail.example"])
        .fails(5)
        .says("already has an invitation that expired on 31 Mar 2026 to \"Bondi Family Practice\": resend it instead");
}
