use super::*;

fn filter(name: &str) -> Filter {
    Filter {
        name: name.into(),
        enabled: true,
        any: false,
        conditions: vec![Condition {
            field: Field::From,
            matching: Matching::Contains,
            value: "bob@".into(),
        }],
        actions: vec![Action::FileInto("Work/Projekte".into())],
        stop: true,
    }
}

fn away() -> Vacation {
    Vacation {
        enabled: true,
        subject: "Away \"until\" Monday".into(),
        body: "I am away.\r\n.\r\nBack on Monday.\r\n".into(),
        days: 3,
        start: Some("2026-12-01".into()),
        end: Some("2026-12-24".into()),
        addresses: vec!["alice@example.org".into()],
    }
}

#[test]
fn rules_read_back_as_written() {
    let mut second = filter("Lists: [sieve]");
    second.name = "Lists".into();
    second.any = true;
    second.enabled = false;
    second.stop = false;
    second.conditions = vec![
        Condition { field: Field::ListId, matching: Matching::Is, value: "dev.lists.example".into() },
        Condition { field: Field::ToOrCc, matching: Matching::NotContains, value: "me\\you".into() },
        Condition { field: Field::Subject, matching: Matching::IsNot, value: "Ä \"quoted\"".into() },
    ];
    second.actions = vec![
        Action::Discard,
        Action::Redirect("archive@example.org".into()),
        Action::CopyInto("Listen".into()),
        Action::MarkRead,
        Action::Flag,
        Action::Keyword("$label1".into()),
    ];
    let mut off = away();
    off.enabled = false;
    off.start = None;
    for rules in [
        Rules { vacation: Some(away()), filters: vec![filter("Bob"), second.clone()] },
        Rules { vacation: Some(off), filters: Vec::new() },
        Rules::default(),
    ] {
        let script = write(&rules).unwrap();
        let mut back = read(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
        // The writer orders actions: flags, filing and forwarding, discarding.
        for f in &mut back.filters {
            f.actions.sort_by_key(Action::rank);
        }
        let mut expected = rules.clone();
        for f in &mut expected.filters {
            f.actions.sort_by_key(Action::rank);
        }
        assert_eq!(back, expected, "{script}");
    }
}

#[test]
fn the_script_is_what_a_sieve_server_expects() {
    let script = write(&Rules { vacation: Some(away()), filters: vec![filter("Bob")] }).unwrap();
    assert!(
        script.contains("require [\"date\", \"fileinto\", \"relational\", \"vacation\"];\r\n"),
        "{script}"
    );
    assert!(script.contains(
        "if allof (currentdate :value \"ge\" \"date\" \"2026-12-01\", currentdate :value \"le\" \"date\" \"2026-12-24\") {"
    ));
    assert!(
        script.contains(":subject \"Away \\\"until\\\" Monday\" :addresses [\"alice@example.org\"]"),
        "{script}"
    );
    assert!(script.contains("# rule:[Bob]\r\nif header :contains \"from\" \"bob@\" {\r\n  fileinto \"Work/Projekte\";\r\n  stop;\r\n}"));
    assert!(!script.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    let flags = write(&Rules {
        vacation: None,
        filters: vec![Filter {
            actions: vec![Action::MarkRead, Action::FileInto("A".into())],
            ..filter("F")
        }],
    })
    .unwrap();
    assert!(flags.contains("addflag \"\\\\Seen\";\r\n  fileinto \"A\";"), "{flags}");
    assert!(flags.contains("require [\"fileinto\", \"imap4flags\"];"));
}

#[test]
fn what_cannot_be_written_is_said() {
    let mut f = filter("Empty");
    f.conditions.clear();
    assert_eq!(
        write(&Rules { vacation: None, filters: vec![f] }),
        Err(RuleError::NoCondition("Empty".into()))
    );
    let mut f = filter("Idle");
    f.actions.clear();
    assert_eq!(write(&Rules { vacation: None, filters: vec![f] }), Err(RuleError::NoAction("Idle".into())));
    let mut f = filter("Split");
    f.conditions[0].value = "a\r\nb".into();
    assert_eq!(
        write(&Rules { vacation: None, filters: vec![f] }),
        Err(RuleError::ControlCharacter("condition's value"))
    );
    let mut f = filter("Forward");
    f.actions = vec![Action::Redirect("nobody".into())];
    assert_eq!(
        write(&Rules { vacation: None, filters: vec![f] }),
        Err(RuleError::BadAddress("nobody".into()))
    );
    let mut v = away();
    v.end = Some("2026-11-30".into());
    assert_eq!(
        write(&Rules { vacation: Some(v), filters: vec![] }),
        Err(RuleError::BadDate("2026-11-30".into()))
    );
    let mut v = away();
    v.start = Some("2026-13-01".into());
    assert!(matches!(write(&Rules { vacation: Some(v), filters: vec![] }), Err(RuleError::BadDate(_))));
    let mut f = filter("Tag");
    f.actions = vec![Action::Keyword("two words".into())];
    assert_eq!(
        write(&Rules { vacation: None, filters: vec![f] }),
        Err(RuleError::BadKeyword("two words".into()))
    );
    let mut v = away();
    v.days = 0;
    assert_eq!(write(&Rules { vacation: Some(v), filters: vec![] }), Err(RuleError::BadDays(0)));
    let mut v = away();
    v.body = " ".into();
    assert_eq!(write(&Rules { vacation: Some(v), filters: vec![] }), Err(RuleError::Empty("reply's text")));
}

#[test]
fn scripts_from_elsewhere_are_read_when_they_fit_and_refused_when_not() {
    // As Roundcube's managesieve plugin writes a rule (its `rule:[…]` comment, tabs, LF line ends).
    let roundcube = "require [\"fileinto\"];\n# rule:[Spam]\nif header :contains \"subject\" \"[SPAM]\"\n{\n\tfileinto \"Junk\";\n}\n";
    let rules = read(roundcube).unwrap();
    assert_eq!(rules.filters[0].name, "Spam");
    assert_eq!(rules.filters[0].actions, vec![Action::FileInto("Junk".into())]);
    assert_eq!(rules.filters[0].conditions[0].field, Field::Subject);

    let foreign = [
        ("if size :over 1M { discard; }", "the test \"size\""),
        ("if header :matches \"subject\" \"*x\" { discard; }", "the match :matches"),
        ("if true { keep; }", "the action \"keep\""),
        ("if true { discard; } else { keep; }", "the command \"else\" outside a rule"),
        ("if true { stop; discard; }", "a stop before other actions"),
        ("redirect \"a@b.c\";", "the command \"redirect\" outside a rule"),
        ("if header :is \"x-spam\" \"yes\" { discard; }", "the header fields x-spam"),
    ];
    for (script, what) in foreign {
        assert_eq!(read(script), Err(ReadError::Foreign(what.into())), "{script}");
    }
    assert!(matches!(read("if true {"), Err(ReadError::Syntax(_))));
}

#[test]
fn a_filter_like_a_message_takes_its_list_or_its_sender() {
    let list =
        like(Some("Posthorn developers <dev.posthorn.example>"), Some("bob@example.org"), "Dev".into())
            .unwrap();
    assert_eq!(
        list.conditions,
        vec![Condition {
            field: Field::ListId,
            matching: Matching::Contains,
            value: "dev.posthorn.example".into()
        }]
    );
    assert!(list.actions.is_empty() && list.enabled && list.name == "Dev");
    let sender = like(Some("no brackets"), Some(" bob@example.org "), "Bob".into()).unwrap();
    assert_eq!(sender.conditions[0].field, Field::From);
    assert_eq!(sender.conditions[0].value, "bob@example.org");
    assert_eq!(like(None, Some("undisclosed-recipients:;"), "x".into()), None);
    assert_eq!(like(Some("<>"), None, "x".into()), None);
}
