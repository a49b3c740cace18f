//! R11 through the binary, on the default price list (Pro 99.00/990.00,
//! Clinic 129.00/1290.00 a seat a month/year): the worked example of the
//! billing rules, yearly teams, anchor days, credit, trials, cycle changes,
//! free assistants, personal credit, and card numbers refused everywhere.

mod support;

use serde_json::{Value, json};
use support::Store;

const OWNER: &str = "olivia@bondi.example";

fn at(day: &str) -> String {
    format!("{day}T09:00:00Z")
}

/// A store whose clock starts on `day`, with a Pro owner (monthly unless
/// `yearly`) and their team, created that day.
fn team_on(day: &str, yearly: bool) -> Store {
    let mut store = Store::new();
    store.at(&at(day));
    let cycle = if yearly { "yearly" } else { "monthly" };
    store
        .run(&[
            "account",
            "create",
            OWNER,
            "--name",
            "Olivia Owner",
            "--plan",
            "pro",
            "--cycle",
            cycle,
        ])
        .ok();
    store.run_as(OWNER, &["team", "create", "Bondi"]).ok();
    store
}

/// A free account for `email`, invited and joining on `day`.
fn joins(store: &mut Store, email: &str, role: &str, day: &str) {
    store.at(&at(day));
    store.account(email, email, "free");
    let link = store.invite(OWNER, email, role);
    store.join(email, &link).ok();
}

fn invoices(store: &Store) -> Vec<Value> {
    let run = store.run_as(OWNER, &["--json", "billing", "invoices"]).ok();
    run.json().as_array().expect("a list").clone()
}

fn invoice_of(store: &Store, start: &str) -> Value {
    invoices(store)
        .into_iter()
        .find(|invoice| invoice["period"]["start"] == start)
        .unwrap_or_else(|| panic!("no invoice for the period from {start}"))
}

fn amounts(invoice: &Value) -> Vec<i64> {
    invoice["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line["amount"].as_i64().expect("an amount"))
        .collect()
}

#[test]
fn the_worked_example_bills_9900_then_27784() {
    let mut store = team_on("2027-01-01", false);
    assert_eq!(invoice_of(&store, "2027-01-01")["total"], 9900);
    joins(&mut store, "m@x.example", "member", "2027-01-12");
    joins(&mut store, "n@x.example", "member", "2027-01-20");
    store.at(&at("2027-01-25"));
    store
        .run_as(OWNER, &["member", "remove", "m@x.example"])
        .ok();
    store.at(&at("2027-02-01"));
    let february = invoice_of(&store, "2027-02-01");
    assert_eq!(february["total"], 27784);
    let mut lines = amounts(&february);
    lines.sort_unstable();
    assert_eq!(lines, [-2235, 3832, 6387, 9900, 9900]);
    assert_eq!(february["billed_to"], OWNER);
    store.assert_sound();
}

#[test]
fn a_removal_previewed_and_made_says_what_it_credits() {
    let mut store = team_on("2027-01-01", false);
    joins(&mut store, "m@x.example", "member", "2027-01-12");
    store.at(&at("2027-01-25"));
    let removed = store
        .run_as(OWNER, &["--json", "member", "remove", "m@x.example"])
        .ok()
        .json();
    assert_eq!(removed["billing_effect"]["amount"], -2235);
    assert_eq!(removed["billing_effect"]["seats"], -1);
    assert_eq!(removed["billing_effect"]["next_invoice_on"], "2027-02-01");
}

#[test]
fn a_pro_joiner_is_credited_their_unused_days_on_their_own_account() {
    let mut store = team_on("2027-01-01", false);
    store.at(&at("2027-01-05"));
    store
        .run(&[
            "account",
            "create",
            "paul@pro.example",
            "--name",
            "Paul Pro",
            "--plan",
            "pro",
        ])
        .ok();
    let link = store.invite(OWNER, "paul@pro.example", "member");
    store.at(&at("2027-01-20"));
    store.join("paul@pro.example", &link).ok();
    let paul = store
        .run_as("paul@pro.example", &["--json", "account", "show"])
        .ok()
        .json();
    assert_eq!(paul["credit"], 5110);
    assert_eq!(
        paul["plan_history"][0]["change"]["pro_cancelled_on_joining"]["credit"],
        5110
    );
    let team_credit = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(
        team_credit["credit"], 0,
        "the personal credit is never the team's"
    );
    let audit = store.audit(OWNER);
    assert!(
        audit.iter().any(|entry| entry["action"] == "invite.accept"
            && entry["details"].as_str().unwrap_or("").contains("51.10")),
        "the credit is in the audit log"
    );
}

#[test]
fn a_yearly_team_is_invoiced_a_year_at_a_time_and_pro_rata_by_day() {
    let mut store = team_on("2027-03-10", true);
    assert_eq!(invoice_of(&store, "2027-03-10")["total"], 99000);
    joins(&mut store, "m@x.example", "member", "2027-09-10");
    store.at(&at("2028-03-10"));
    let next = invoice_of(&store, "2028-03-10");
    assert_eq!(next["period"]["end"], "2029-03-10");
    // 10 Sep 2027 to 9 Mar 2028 is 182 days of a 366-day year.
    let joined = (99000 * 182 * 2 + 366) / (2 * 366);
    assert_eq!(next["total"], 2 * 99000 + joined);
}

#[test]
fn an_anchor_on_the_31st_falls_on_the_last_day_of_shorter_months() {
    let mut store = team_on("2027-01-31", false);
    store.at(&at("2027-05-01"));
    store.run_as(OWNER, &["team", "show"]).ok();
    let starts: Vec<Value> = invoices(&store)
        .iter()
        .rev()
        .map(|invoice| invoice["period"]["start"].clone())
        .collect();
    assert_eq!(
        starts,
        ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    );
}

#[test]
fn a_credit_bigger_than_the_next_invoice_is_carried_and_never_paid_out() {
    let mut store = team_on("2027-01-01", false);
    let members = ["a@x.example", "b@x.example", "c@x.example"];
    for member in members {
        joins(&mut store, member, "member", "2027-01-02");
    }
    store.at(&at("2027-02-02"));
    for member in members {
        store.run_as(OWNER, &["member", "remove", member]).ok();
    }
    // Each removal credits 27 of February's 28 days.
    let credit = 3 * ((9900 * 27 * 2 + 28) / (2 * 28));
    store.at(&at("2027-03-01"));
    let march = invoice_of(&store, "2027-03-01");
    assert_eq!(march["total"], 0);
    let billing = store
        .run_as(OWNER, &["--json", "billing", "show"])
        .ok()
        .json();
    assert_eq!(
        billing["credit"],
        credit - 9900,
        "the rest is carried, not paid out"
    );
    store.at(&at("2027-04-01"));
    assert_eq!(invoice_of(&store, "2027-04-01")["total"], 0);
    store.at(&at("2027-05-01"));
    assert_eq!(invoice_of(&store, "2027-05-01")["total"], 3 * 9900 - credit);
    store.assert_sound();
}

#[test]
fn a_trial_is_billed_at_the_pro_rate_and_ends_in_clinic_only_with_a_card() {
    // Without a card: back to Pro, nothing more to pay.
    let mut plain = team_on("2027-01-01", false);
    plain.at(&at("2027-01-05"));
    plain.run_as(OWNER, &["team", "upgrade"]).ok();
    plain.at(&at("2027-02-01"));
    assert_eq!(invoice_of(&plain, "2027-02-01")["total"], 9900);
    let team = plain.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(team["kind"], "pro");

    // With a card: Clinic from the day the trial ended, priced on the next invoice.
    let mut carded = team_on("2027-01-01", false);
    carded.at(&at("2027-01-05"));
    carded.run_as(OWNER, &["team", "upgrade"]).ok();
    carded
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
    carded.at(&at("2027-02-01"));
    let february = invoice_of(&carded, "2027-02-01");
    // The trial ended on 19 January: 13 of 31 days at the Clinic price
    // difference; February is a Clinic month.
    let difference = (3000 * 13 * 2 + 31) / (2 * 31);
    assert_eq!(february["total"], 12900 + difference);
    carded.at(&at("2027-03-01"));
    assert_eq!(invoice_of(&carded, "2027-03-01")["total"], 12900);
    let ends: Vec<Value> = carded
        .audit(OWNER)
        .into_iter()
        .filter(|entry| entry["action"] == "team.trial_end")
        .collect();
    assert_eq!(ends.len(), 1);
}

#[test]
fn a_cycle_change_takes_effect_at_the_next_period() {
    let mut store = team_on("2027-01-01", false);
    store.at(&at("2027-01-15"));
    let set = store
        .run_as(OWNER, &["--json", "billing", "set", "--cycle", "yearly"])
        .ok()
        .json();
    assert_eq!(set["cycle"], "monthly");
    assert_eq!(set["next_cycle"], "yearly");
    // The team says the same: the running period stays monthly.
    let team = store.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(
        (&team["cycle"], &team["next_cycle"]),
        (&json!("monthly"), &json!("yearly"))
    );
    store
        .run_as(OWNER, &["team", "show"])
        .ok()
        .says("monthly (yearly from the next period)");
    store.at(&at("2027-02-01"));
    let yearly = invoice_of(&store, "2027-02-01");
    assert_eq!(yearly["period"]["cycle"], "yearly");
    assert_eq!(yearly["period"]["end"], "2028-02-01");
    assert_eq!(yearly["total"], 99000);
}

#[test]
fn assistants_are_listed_and_never_charged() {
    let mut store = team_on("2027-01-01", false);
    store.run_as(OWNER, &["team", "upgrade"]).ok();
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
    joins(&mut store, "ash@x.example", "assistant", "2027-01-03");
    store.at(&at("2027-02-01"));
    let february = invoice_of(&store, "2027-02-01");
    let lines = february["lines"].as_array().expect("lines");
    let ash: Vec<&Value> = lines
        .iter()
        .filter(|line| line["seat"]["role"] == "assistant")
        .collect();
    assert_eq!(ash.len(), 1, "one line, and no pro-rata line for joining");
    assert_eq!(ash[0]["kind"], "assistant");
    assert_eq!(ash[0]["amount"], 0);
}

#[test]
fn invoices_as_csv_have_a_header_and_a_row_per_line() {
    let mut store = team_on("2027-01-01", false);
    joins(&mut store, "=cmd@x.example", "member", "2027-01-12");
    store.at(&at("2027-02-01"));
    let csv = store
        .run_as(OWNER, &["billing", "invoices", "--format", "csv"])
        .ok()
        .stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("period_start,period_end,billed_to"));
    let lines: usize = invoices(&store)
        .iter()
        .map(|invoice| invoice["lines"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(rows.len(), 1 + lines);
    assert!(
        rows.iter().all(|row| !row.contains(",=cmd")),
        "a cell never starts a formula"
    );
}

#[test]
fn a_free_person_moves_to_pro_with_their_own_card() {
    let mut store = Store::new();
    store.at(&at("2027-01-01"));
    store.account("fay@x.example", "Fay", "free");
    store
        .run_as("fay@x.example", &["account", "upgrade"])
        .fails(5)
        .says("card");
    let upgrade = [
        "account",
        "upgrade",
        "--cycle",
        "yearly",
        "--card-brand",
        "visa",
        "--card-last4",
        "1881",
        "--card-expiry",
        "01/2031",
    ];
    let mut as_json = vec!["--json"];
    as_json.extend(upgrade);
    let upgraded = store.run_as("fay@x.example", &as_json).ok().json();
    assert_eq!(upgraded["plan"], "pro (yearly)");
    assert_eq!(
        upgraded["payment_method"],
        "visa ending 1881, expires 01/2031"
    );
    store
        .run_as("fay@x.example", &["team", "create", "Fay's"])
        .ok();
    // In words, it says what happened (not that an account was created).
    store.account("gil@x.example", "Gil", "free");
    let said = store.run_as("gil@x.example", &upgrade).ok();
    assert!(
        said.stdout
            .starts_with("gil@x.example is now on plan pro (yearly), paid with visa ending 1881"),
        "{}",
        said.stdout
    );
}

#[test]
fn a_full_card_number_is_refused_everywhere_and_never_kept() {
    let store = team_on("2027-01-01", false);
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let card = "4242424242424242";
    let body = store.file("receipt.txt", "Paid by card 4242 4242 4242 4242 today.\n");
    let before = store.export();
    for args in [
        &[
            "billing",
            "set",
            "--card-brand",
            card,
            "--card-last4",
            "4242",
            "--card-expiry",
            "12/2030",
        ][..],
        &[
            "billing",
            "set",
            "--card-brand",
            "visa",
            "--card-last4",
            card,
            "--card-expiry",
            "12/2030",
        ],
        &[
            "billing",
            "set",
            "--billing-email",
            "4242 4242 4242 4242@x.example",
        ],
        &["team", "set", "--name", "Bondi 4242-4242-4242-4242"],
        &["member", "list", "--team", card],
        &["template", "add", "Receipt", "--body-file", &body],
    ] {
        store
            .run_as(OWNER, args)
            .fails(6)
            .says("full card number")
            .never_says(card)
            .never_says("4242 4242 4242 4242");
    }
    assert_eq!(store.export(), before);
    let kept = std::fs::read_dir(store.path().join("data"))
        .expect("the store's files")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .any(|entry| {
            std::fs::read(entry.path())
                .is_ok_and(|bytes| bytes.windows(card.len()).any(|w| w == card.as_bytes()))
        });
    assert!(!kept, "the card number reached the store's files");
}

#[test]
fn invoices_go_to_the_billing_email_once_one_is_set() {
    let mut store = team_on("2027-01-01", false);
    let preview = store
        .run_as(OWNER, &["--json", "billing", "preview"])
        .ok()
        .json();
    assert_eq!(preview["billed_to"], OWNER);
    store
        .run_as(
            OWNER,
            &["billing", "set", "--billing-email", "ap@bondi.example"],
        )
        .ok();
    let preview = store
        .run_as(OWNER, &["--json", "billing", "preview"])
        .ok()
        .json();
    assert_eq!(preview["billed_to"], "ap@bondi.example");
    store.at(&at("2027-02-01"));
    assert_eq!(
        invoice_of(&store, "2027-02-01")["billed_to"],
        "ap@bondi.example"
    );
    // An invoice issued before keeps the address it went to.
    assert_eq!(invoice_of(&store, "2027-01-01")["billed_to"], OWNER);
}
