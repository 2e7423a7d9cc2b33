//! Yew components only. They read the state and send actions; they never
//! reach into the simulator's world.

pub mod animation;
pub mod app;
pub mod bench;
pub mod chart;
pub mod compare_settings;
pub mod compare_view;
pub mod controls;
pub mod dot_field;
pub mod email_settings;
pub mod event_list;
pub mod fields;
pub mod gossip_view;
pub mod header;
pub mod inspector;
pub mod languages;
pub mod legend;
pub mod live;
pub mod load_charts;
pub mod load_settings;
pub mod loading;
pub mod login_settings;
pub mod n_sweep;
pub mod notices;
pub mod packet_layer;
pub mod panic_panel;
pub mod popular_card;
pub mod preparing;
pub mod privacy_settings;
pub mod refusal_settings;
pub mod sequence_view;
pub mod servers_settings;
pub mod shortcuts;
pub mod side_panel;
pub mod stage;
pub mod stage_node;
pub mod state;
pub mod step_caption;
pub mod sweep_chart;
pub mod url_params;
pub mod view_frames;
pub mod web_page_settings;

#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod chat_settings;
