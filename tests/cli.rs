//! The command line's own promises, through the binary: shell completions,
//! settings changed in one command, template edits that name their version.

mod support;

use support::Store;

const OWNER: &str = "olivia@bondi.example";
const TEAM: &str = "Bondi";

fn bondi() -> Store {
    let mut store = Store::new();
    store.at("2026-03-01T09:00:00Z");
    store.team(OWNER, "Olivia Owner", TEAM);
    store
}

#[test]
fn completions_are_printed_for_each_shell() {
    let store = Store::new();
    for (shell, marker) in [
        ("bash", "_teamdesk"),
        ("zsh", "#compdef teamdesk"),
        ("fish", "complete -c teamdesk"),
    ] {
        let run = store.run(&["completions", shell]).ok();
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("invite"),
            "{shell} completes no commands"
        );
    }
    store.run(&["completions", "tcsh"]).fails(2);
}

#[test]
fn a_name_and_session_sharing_change_together_or_not_at_all() {
    let store = bondi();
    // A Pro team has no session sharing: the rename in the same command is refused too.
    store
        .run_as(
            OWNER,
            &[
                "team",
                "set",
                "--name",
                "Bondi GP",
                "--session-sharing",
                "on",
            ],
        )
        .fails(5)
        .says("Clinic plan");
    let team = store.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(team["name"], TEAM);

    store.run_as(OWNER, &["team", "upgrade"]).ok();
    store
        .run_as(
            OWNER,
            &[
                "team",
                "set",
                "--name",
                "Bondi GP",
                "--session-sharing",
                "on",
            ],
        )
        .ok();
    let team = store.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(team["name"], "Bondi GP");
    assert_eq!(team["session_sharing"], true);
    let actions: Vec<String> = store
        .audit(OWNER)
        .iter()
        .take(2)
        .map(|entry| entry["action"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(actions.contains(&"team.rename".to_owned()), "{actions:?}");
    assert!(
        actions.contains(&"team.session_sharing".to_owned()),
        "{actions:?}"
    );
}

#[test]
fn a_template_edit_must_name_the_version_it_was_made_from() {
    let store = bondi();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let body = store.file("soap.txt", "S:\n");
    store
        .run_as(OWNER, &["template", "add", "SOAP", "--body-file", &body])
        .ok();
    store
        .run_as(OWNER, &["template", "edit", "SOAP", "--body-file", &body])
        .fails(2)
        .says("--base-version");
    store
        .run_as(
            OWNER,
            &[
                "template",
                "edit",
                "SOAP",
                "--body-file",
                &body,
                "--base-version",
                "1",
            ],
        )
        .ok();
    let shown = store
        .run_as(OWNER, &["--json", "template", "show", "SOAP"])
        .ok()
        .json();
    assert_eq!(shown["version"], 2);
}
