//! One filter's form: a name, its conditions (a header field compared with a value), what it
//! does with a message that matches, and whether later filters still see it.

use leptos::prelude::*;
use posthorn_proto::sieve::{self, Action, Condition, Field, Filter, Matching, Rules};

use crate::i18n::t;

/// A new filter: one empty condition on From, nothing to do yet.
pub fn blank(name: String) -> Filter {
    Filter {
        name,
        enabled: true,
        any: false,
        conditions: vec![Condition {
            field: Field::From,
            matching: Matching::Contains,
            value: String::new(),
        }],
        actions: Vec::new(),
        stop: false,
    }
}

fn field_name(field: Field) -> (&'static str, &'static str) {
    let f = &t().filters;
    match field {
        Field::From => ("from", f.field_from),
        Field::To => ("to", f.field_to),
        Field::Cc => ("cc", f.field_cc),
        Field::ToOrCc => ("to-or-cc", f.field_to_or_cc),
        Field::Subject => ("subject", f.field_subject),
        Field::ListId => ("list-id", f.field_list_id),
    }
}

fn matching_name(matching: Matching) -> (&'static str, &'static str) {
    let f = &t().filters;
    match matching {
        Matching::Contains => ("contains", f.contains),
        Matching::NotContains => ("not-contains", f.not_contains),
        Matching::Is => ("is", f.is),
        Matching::IsNot => ("is-not", f.is_not),
    }
}

/// One condition's row, with signals of its own so that typing redraws nothing else.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    field: RwSignal<Field>,
    matching: RwSignal<Matching>,
    value: RwSignal<String>,
}

/// An action that is ticked or not, with the folder or address it needs.
#[derive(Clone, Copy)]
struct Choice {
    on: RwSignal<bool>,
    target: RwSignal<String>,
}

/// A folder to file into: the account's folders as the mail view last listed them (each by the
/// name Sieve takes, shown as the folder pane shows it), or a text field where none are known (a
/// POP3 account).
#[component]
fn FolderChoice(
    choice: Choice,
    folders: RwSignal<Vec<(String, String)>>,
    testid: &'static str,
) -> impl IntoView {
    move || {
        let listed = folders.get();
        if listed.is_empty() {
            view! {
                <input type="text" data-testid=testid aria-label=t().filters.folder prop:value=move || choice.target.get()
                    on:input=move |ev| { choice.target.set(event_target_value(&ev)); choice.on.set(true); } />
            }
            .into_any()
        } else {
            if choice.target.with_untracked(String::is_empty) {
                choice.target.set(listed[0].0.clone());
            }
            view! {
                <select data-testid=testid aria-label=t().filters.folder
                    on:change=move |ev| { choice.target.set(event_target_value(&ev)); choice.on.set(true); }>
                    {listed.into_iter().map(|(name, shown)| {
                        let selected = choice.target.with_untracked(|t| *t == name);
                        view! { <option value=name selected=selected>{shown}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
    }
}

/// The tag to set: the app's five (mail_state/tags.rs), and the keyword a script set where it is
/// another.
#[component]
fn TagChoice(choice: Choice) -> impl IntoView {
    use crate::mail_state::tags::{TAGS, keyword};
    let chosen = choice.target.get_untracked();
    let mut tags: Vec<(String, String)> =
        (1..=TAGS).map(|n| (keyword(n), t().tag_names[usize::from(n) - 1].to_owned())).collect();
    if !tags.iter().any(|(k, _)| k.eq_ignore_ascii_case(&chosen)) {
        tags.push((chosen.clone(), chosen.clone()));
    }
    view! {
        <select data-testid="tag-keyword" aria-label=t().filters.tag
            on:change=move |ev| { choice.target.set(event_target_value(&ev)); choice.on.set(true); }>
            {tags.into_iter().map(|(value, name)| {
                let selected = value.eq_ignore_ascii_case(&chosen);
                view! { <option value=value selected=selected>{name}</option> }
            }).collect_view()}
        </select>
    }
}

/// The form; *Keep filter* hands the filter to `on_keep` with its place once the engine can write
/// it, and says what is missing otherwise.
#[component]
pub fn FilterForm(
    place: Option<usize>,
    filter: Filter,
    folders: RwSignal<Vec<(String, String)>>,
    on_keep: Callback<(Option<usize>, Filter)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(filter.name.clone());
    let any = RwSignal::new(filter.any);
    let stop = RwSignal::new(filter.stop);
    let next_key = StoredValue::new(0u32);
    let new_row = move |c: Condition| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        Row {
            key,
            field: RwSignal::new(c.field),
            matching: RwSignal::new(c.matching),
            value: RwSignal::new(c.value),
        }
    };
    let rows = RwSignal::new(filter.conditions.iter().cloned().map(new_row).collect::<Vec<_>>());
    let choice =
        |on: bool, target: &str| Choice { on: RwSignal::new(on), target: RwSignal::new(target.to_owned()) };
    let find = |pick: fn(&Action) -> Option<&String>| filter.actions.iter().find_map(pick);
    let file_into = find(|a| if let Action::FileInto(f) = a { Some(f) } else { None });
    let copy_into = find(|a| if let Action::CopyInto(f) = a { Some(f) } else { None });
    let redirect = find(|a| if let Action::Redirect(to) = a { Some(to) } else { None });
    let keyword = find(|a| if let Action::Keyword(k) = a { Some(k) } else { None });
    let file = choice(file_into.is_some(), file_into.map_or("", String::as_str));
    let copy = choice(copy_into.is_some(), copy_into.map_or("", String::as_str));
    let forward = choice(redirect.is_some(), redirect.map_or("", String::as_str));
    let first_tag = crate::mail_state::tags::keyword(1);
    let tag = choice(keyword.is_some(), keyword.map_or(first_tag.as_str(), String::as_str));
    let mark_read = RwSignal::new(filter.actions.contains(&Action::MarkRead));
    let flag = RwSignal::new(filter.actions.contains(&Action::Flag));
    let discard = RwSignal::new(filter.actions.contains(&Action::Discard));
    let enabled = filter.enabled;
    let problem = RwSignal::new(None::<String>);

    let keep = move |_| {
        let mut actions = Vec::new();
        for (on, action) in [
            (mark_read.get_untracked(), Action::MarkRead),
            (flag.get_untracked(), Action::Flag),
            (file.on.get_untracked(), Action::FileInto(file.target.get_untracked())),
            (copy.on.get_untracked(), Action::CopyInto(copy.target.get_untracked())),
            (forward.on.get_untracked(), Action::Redirect(forward.target.get_untracked().trim().to_owned())),
            (tag.on.get_untracked(), Action::Keyword(tag.target.get_untracked())),
            (discard.get_untracked(), Action::Discard),
        ] {
            if on {
                actions.push(action);
            }
        }
        let filter = Filter {
            name: name.get_untracked().trim().to_owned(),
            enabled,
            any: any.get_untracked(),
            conditions: rows
                .get_untracked()
                .iter()
                .map(|r| Condition {
                    field: r.field.get_untracked(),
                    matching: r.matching.get_untracked(),
                    value: r.value.get_untracked(),
                })
                .collect(),
            actions,
            stop: stop.get_untracked(),
        };
        // The engine's own check, on this filter alone.
        match sieve::write(&Rules { vacation: None, filters: vec![filter.clone()] }) {
            Ok(_) => on_keep.run((place, filter)),
            Err(e) => problem.set(Some(super::rule_error(&e))),
        }
    };

    let condition_row = move |row: Row| {
        view! {
            <li class="condition" data-testid="condition">
                <select data-testid="condition-field" aria-label=t().filters.field
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(f) = Field::ALL.into_iter().find(|f| field_name(*f).0 == v) { row.field.set(f); }
                    }>
                    {Field::ALL.into_iter().map(|f| {
                        let (value, label) = field_name(f);
                        view! { <option value=value selected=row.field.get_untracked() == f>{label}</option> }
                    }).collect_view()}
                </select>
                <select data-testid="condition-matching" aria-label=t().filters.matching
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(m) = Matching::ALL.into_iter().find(|m| matching_name(*m).0 == v) { row.matching.set(m); }
                    }>
                    {Matching::ALL.into_iter().map(|m| {
                        let (value, label) = matching_name(m);
                        view! { <option value=value selected=row.matching.get_untracked() == m>{label}</option> }
                    }).collect_view()}
                </select>
                <input type="text" data-testid="condition-value" aria-label=t().filters.value
                    prop:value=move || row.value.get() on:input=move |ev| row.value.set(event_target_value(&ev)) />
                <button type="button" class="quiet" data-testid="remove-condition" aria-label=t().filters.remove_condition
                    title=t().filters.remove_condition disabled=move || rows.with(|r| r.len() == 1)
                    on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>"×"</button>
            </li>
        }
    };
    let tick = |signal: RwSignal<bool>, testid: &'static str, label: &'static str| {
        view! {
            <label class="checkbox">
                <input type="checkbox" data-testid=testid prop:checked=move || signal.get()
                    on:change=move |ev| signal.set(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    let legend = if place.is_some() { t().filters.edit_filter } else { t().filters.new_filter };
    view! {
        <fieldset class="filter-form" data-testid="filter-form">
            <legend>{legend}</legend>
            <label>
                {t().filters.name}
                <input type="text" data-testid="filter-name" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>
                {t().filters.when}
                <select data-testid="filter-match" on:change=move |ev| any.set(event_target_value(&ev) == "any")>
                    <option value="all" selected=!any.get_untracked()>{t().filters.all}</option>
                    <option value="any" selected=any.get_untracked()>{t().filters.any}</option>
                </select>
            </label>
            <ul class="conditions">
                <For each=move || rows.get() key=|r| r.key children=condition_row />
            </ul>
            <button type="button" class="quiet" data-testid="add-condition"
                on:click=move |_| rows.update(|r| r.push(new_row(Condition { field: Field::Subject, matching: Matching::Contains, value: String::new() })))>
                {t().filters.add_condition}
            </button>
            <fieldset class="filter-actions-choice">
                <legend>{t().filters.then}</legend>
                <div class="with-target">{tick(file.on, "action-file-into", t().filters.file_into)}
                    <FolderChoice choice=file folders=folders testid="file-into-folder" /></div>
                <div class="with-target">{tick(copy.on, "action-copy-into", t().filters.copy_into)}
                    <FolderChoice choice=copy folders=folders testid="copy-into-folder" /></div>
                {tick(mark_read, "action-mark-read", t().filters.mark_read)}
                {tick(flag, "action-flag", t().filters.flag)}
                <div class="with-target">{tick(tag.on, "action-tag", t().filters.tag)}
                    <TagChoice choice=tag /></div>
                <div class="with-target">{tick(forward.on, "action-redirect", t().filters.redirect)}
                    <input type="email" data-testid="redirect-to" aria-label=t().filters.redirect_to
                        prop:value=move || forward.target.get()
                        on:input=move |ev| { forward.target.set(event_target_value(&ev)); forward.on.set(true); } /></div>
                {tick(discard, "action-discard", t().filters.discard)}
            </fieldset>
            {tick(stop, "filter-stop", t().filters.stop)}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="filter-problem">{p}</p> })}
            <div class="dialog-actions">
                <button type="button" class="primary" data-testid="keep-filter" on:click=keep>{t().filters.keep_filter}</button>
                <button type="button" data-testid="cancel-filter" on:click=move |_| on_cancel.run(())>{t().cancel}</button>
            </div>
        </fieldset>
    }
}
