//! The settings of "The database behind the site": the database, how many
//! users open the page at once, and the app's pool; under them, the
//! database's limits and a chart of the crowd's waits against the pool's
//! size, from a run for each size. The runs are made a slice per frame (a
//! crowd of 200 without a pool is tens of thousands of events), so the
//! page keeps drawing while the bars appear.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::chart::{Bar, PALETTE, bar_chart};
use super::fields::select_field;
use super::state::{Action, State};
use cslab_db::wire::Db;
use cslab_db::world::{CrowdRuns, DbReport, POOLS, USERS};
use cslab_lessons::lesson::database::{DbSettings, chart_users, db_code};
use cslab_scene::i18n::{Lang, Tr};
use std::cell::RefCell;

#[derive(Properties, PartialEq)]
pub struct DatabaseSettingsProps {
    pub lang: Lang,
    pub database: DbSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

/// Events of the chart's runs made each frame: a few milliseconds.
const EVENTS_PER_FRAME: u64 = 4_000;

#[function_component(DatabaseSettingsCard)]
pub fn database_settings_card(props: &DatabaseSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.database;
    let key = (current.db, chart_users(&current));
    // The runs for this database and crowd, made a slice per frame; each
    // slice redraws the card.
    let runs = use_memo(key, |&(db, users)| {
        RefCell::new(CrowdRuns::new(db, users, 1))
    });
    let slices = use_state(|| 0u32);
    {
        let (runs, slices) = (runs.clone(), slices.clone());
        use_effect_with((key, *slices), move |_| {
            let left = runs.borrow().done.len() < POOLS.len();
            let next = left.then(|| {
                Timeout::new(0, move || {
                    runs.borrow_mut().work(EVENTS_PER_FRAME);
                    slices.set(*slices + 1);
                })
            });
            move || drop(next)
        });
    }
    let set = {
        let dispatch = props.dispatch.clone();
        move |database: DbSettings| dispatch.dispatch(Action::SetDatabase(database))
    };
    let dbs = (Db::ALL.iter())
        .map(|&db| (db_name(db).to_owned(), db == current.db))
        .collect();
    let users = (USERS.iter())
        .map(|&n| (n.to_string(), n == current.users))
        .collect();
    let pools = (POOLS.iter())
        .map(|&n| (pool_label(tr, n), n == current.pool))
        .collect();
    let on_db = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(DbSettings {
                db: Db::ALL[i],
                ..current
            })
        })
    };
    let on_users = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(DbSettings {
                users: USERS[i],
                ..current
            })
        })
    };
    let on_pool = Callback::from(move |i: usize| {
        set(DbSettings {
            pool: POOLS[i],
            ..current
        })
    });
    let (ordinary, total) = current.db.slots();
    let limits = tr.t_args(
        "db-limits",
        &[
            ("db", db_name(current.db)),
            ("total", &props.lang.integer(total.into())),
            ("ordinary", &props.lang.integer(ordinary.into())),
        ],
    );
    html! {
        <section class="card settings database" aria-labelledby="database-settings-heading">
            <h2 id="database-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-db"), dbs, on_db) }
            { select_field(tr.t("setting-db-users"), users, on_users) }
            { select_field(tr.t("setting-db-pool"), pools, on_pool) }
            <p class="hint db-limits">{ limits }</p>
            { chart(props.lang, key, &runs.borrow().done, current.pool) }
        </section>
    }
}

fn db_name(db: Db) -> &'static str {
    match db.preset().display_name() {
        cslab_sim::apps::presets::DisplayName::Product(name) => name,
        cslab_sim::apps::presets::DisplayName::Message(key) => key,
    }
}

fn pool_label(tr: Tr, pool: u32) -> String {
    match pool {
        0 => tr.t("db-pool-none"),
        n => n.to_string(),
    }
}

/// The bars made so far: the mean wait for each pool size, and the pages
/// lost without a pool.
fn chart(lang: Lang, (db, users): (Db, u32), runs: &[DbReport], chosen: u32) -> Html {
    let tr = Tr(lang);
    let bars: Vec<Bar> = (runs.iter())
        .zip(PALETTE.iter().cycle())
        .map(|(run, &colour)| Bar {
            label: match run.pool {
                0 => tr.t("db-chart-none"),
                n => tr.t_args("db-chart-pool", &[("n", &n.to_string())]),
            },
            value: run.mean_wait_us as f64 / 1_000.0,
            colour,
            current: run.pool == chosen,
        })
        .collect();
    let users_text = lang.integer(users.into());
    let title = tr.t_args("db-chart-title", &[("users", &users_text)]);
    let note = runs.first().map(|unpooled| {
        let errors = lang.integer(unpooled.errors.into());
        tr.t_args(
            "db-chart-note",
            &[("errors", &errors), ("users", &users_text)],
        )
    });
    html! {
        <div class="db-chart" data-runs={runs.len().to_string()} data-for={format!("{}-{users}", db_code(db))}>
            { bar_chart(lang, &title, &bars) }
            if let Some(note) = note {
                <p class="hint">{ note }</p>
            }
        </div>
    }
}
