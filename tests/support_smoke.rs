mod support;

#[test]
fn the_harness_drives_the_binary() {
    let store = support::Store::new();
    store.account("olivia@bondi.example", "Olivia Owner", "pro");
    store
        .run_as("olivia@bondi.example", &["team", "create", "Bondi"])
        .ok();
    let link = store.invite("olivia@bondi.example", "tom@x.example", "member");
    assert!(link.contains("/join/"));
    store.assert_sound();
}
