//! The shell's state and the actions that change it (a Yew `Reducible`).
//! Components send actions; only `reduce` changes state. The clock itself
//! lives in the lesson's `Playback`; `status` mirrors it for the controls.

use std::rc::Rc;

use yew::Reducible;

use super::url_params::Notice;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::api::ApiSettings;
use cslab_lessons::lesson::compare::CompareSettings;
use cslab_lessons::lesson::database::DbSettings;
use cslab_lessons::lesson::email::EmailSettings;
use cslab_lessons::lesson::files::FilesSettings;
use cslab_lessons::lesson::game::GameSettings;
use cslab_lessons::lesson::gossip_lesson::GossipSettings;
use cslab_lessons::lesson::login::LoginSettings;
use cslab_lessons::lesson::playback::PlaybackStatus;
use cslab_lessons::lesson::privacy::PrivacySettings;
use cslab_lessons::lesson::server_says_no::RefusalSettings;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::lesson::streaming::StreamSettings;
use cslab_lessons::lesson::under_load::LoadSettings;
use cslab_lessons::lesson::web_page::WebPageSettings;
use cslab_lessons::lesson::websocket::ChatSettings;
use cslab_lessons::lesson::what_is_a_server::ServersSettings;
use cslab_scene::i18n::Lang;
use cslab_sim::time::SimTime;

/// What the stage area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Network,
    Sequence,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub lesson: Lesson,
    /// The sandbox is open (`?lesson=sandbox`) instead of `lesson`.
    pub sandbox: bool,
    /// The lessons' settings (page load, servers under load).
    pub settings: Settings,
    /// The run's seed; a restart takes the next one.
    pub seed: u64,
    pub status: PlaybackStatus,
    /// The node whose details the side panel shows.
    pub selected: Option<usize>,
    /// The packet the inspector shows (instead of a node).
    pub packet: Option<u64>,
    pub notices: Vec<Notice>,
    /// The keyboard shortcuts list is open.
    pub help_open: bool,
    /// The "Share / embed" dialog is open.
    pub share_open: bool,
    /// The run on screen began again because a setting changed: the
    /// controls say so (a restart is never silent).
    pub restarted: bool,
    pub view: View,
    /// The run stops where each step of the story begins (on unless the
    /// learner or the address turns it off); kept across runs.
    pub pause_at_steps: bool,
}

impl State {
    pub fn new(lang: Lang, lesson: Lesson, notices: Vec<Notice>) -> State {
        let status = PlaybackStatus {
            now: SimTime::ZERO,
            playing: true,
            speed: lesson.default_speed(),
            speed_stops: lesson.speeds().len(),
            ns_per_ms: lesson.speeds()[lesson.default_speed()],
            in_seconds: false,
            ended: false,
            at_step: false,
            pause_at_steps: true,
            question: None,
        };
        State {
            lang,
            lesson,
            sandbox: false,
            settings: Settings::default(),
            seed: 1,
            status,
            selected: None,
            packet: None,
            notices,
            help_open: false,
            share_open: false,
            restarted: false,
            view: View::Network,
            pause_at_steps: true,
        }
    }
}

pub enum Action {
    SetLang(Lang),
    SetLesson(Lesson),
    /// Opens the sandbox (the lesson picker's last entry).
    OpenSandbox,
    /// A lesson with these settings (a course page's `load-lesson`).
    LoadLesson(Lesson, Settings),
    /// New settings: the lesson runs again with them.
    SetWeb(WebPageSettings),
    SetLoad(LoadSettings),
    SetRefusal(RefusalSettings),
    SetServers(ServersSettings),
    SetEmail(EmailSettings),
    SetPrivacy(PrivacySettings),
    SetLogin(LoginSettings),
    SetApi(ApiSettings),
    SetChat(ChatSettings),
    SetDatabase(DbSettings),
    SetGame(GameSettings),
    SetFiles(FilesSettings),
    SetStream(StreamSettings),
    SetCompare(CompareSettings),
    SetGossip(GossipSettings),
    /// Run the lesson again from the start with a new seed.
    Restart,
    /// The clock moved or changed mode.
    Sync(PlaybackStatus),
    Select(Option<usize>),
    SelectPacket(Option<u64>),
    DismissNotices,
    SetPauseAtSteps(bool),
    /// Something the learner should know, such as a language that could not
    /// be fetched.
    AddNotice(Notice),
    ToggleHelp,
    CloseHelp,
    /// Opens or closes the "Share / embed" dialog.
    ShowShare(bool),
    SetView(View),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::LoadLesson(lesson, settings) => {
                next.settings = settings;
                return Rc::new(next).reduce(Action::SetLesson(lesson));
            }
            Action::SetLesson(lesson) => {
                next.lesson = lesson;
                next.sandbox = false;
                next.selected = None;
                next.packet = None;
                next.restarted = false;
            }
            Action::OpenSandbox => {
                next.sandbox = true;
                next.selected = None;
                next.packet = None;
            }
            Action::SetWeb(web) => next.settings.web = web,
            Action::SetLoad(load) => next.settings.load = load,
            Action::SetRefusal(refusal) => next.settings.refusal = refusal,
            Action::SetServers(servers) => next.settings.servers = servers,
            Action::SetEmail(email) => next.settings.email = email,
            Action::SetPrivacy(privacy) => next.settings.privacy = privacy,
            Action::SetLogin(login) => next.settings.login = login,
            Action::SetApi(api) => next.settings.api = api,
            Action::SetChat(chat) => next.settings.chat = chat,
            Action::SetDatabase(database) => next.settings.database = database,
            Action::SetGame(game) => next.settings.game = game,
            Action::SetFiles(files) => next.settings.files = files,
            Action::SetStream(stream) => next.settings.stream = stream,
            Action::SetCompare(compare) => next.settings.compare = compare,
            Action::SetGossip(gossip) => next.settings.gossip = gossip,
            Action::Restart => {
                next.seed += 1;
                next.packet = None;
                next.restarted = false;
            }
            Action::Sync(status) if status == self.status => return self,
            Action::Sync(status) => next.status = status,
            Action::Select(node) => {
                next.selected = node;
                next.packet = None;
            }
            Action::SelectPacket(packet) => {
                next.packet = packet;
                next.selected = None;
            }
            Action::DismissNotices => next.notices.clear(),
            Action::SetPauseAtSteps(on) => next.pause_at_steps = on,
            Action::AddNotice(notice) => next.notices.push(notice),
            Action::ToggleHelp => next.help_open = !next.help_open,
            Action::CloseHelp => next.help_open = false,
            Action::ShowShare(open) => next.share_open = open,
            Action::SetView(view) => next.view = view,
        }
        let rerun = (next.settings.web, next.settings.load, next.settings.refusal);
        if rerun != (self.settings.web, self.settings.load, self.settings.refusal) {
            // A stage lesson's run starts again with the new settings.
            next.packet = None;
            next.restarted = true;
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_lesson_clears_the_selection() {
        let state = Rc::new(State::new(Lang::En, Lesson::default(), vec![]));
        let state = state.reduce(Action::SelectPacket(Some(9)));
        assert_eq!(state.packet, Some(9));
        let state = state.reduce(Action::Select(Some(2)));
        assert_eq!((state.selected, state.packet), (Some(2), None));
        let says_no = Lesson::from_code("server-says-no").unwrap();
        let state = state.reduce(Action::SetLesson(says_no));
        assert_eq!((state.lesson, state.selected), (says_no, None));
    }

    #[test]
    fn the_sandbox_opens_and_a_lesson_closes_it() {
        let state = Rc::new(State::new(Lang::En, Lesson::default(), vec![]));
        let state = state.reduce(Action::Select(Some(2)));
        let state = state.reduce(Action::OpenSandbox);
        assert!(state.sandbox);
        assert_eq!(state.selected, None);
        let state = state.reduce(Action::SetLesson(Lesson::default()));
        assert!(!state.sandbox);
    }

    #[test]
    fn a_changed_setting_is_said_to_restart_the_run_until_the_next_restart() {
        let state = Rc::new(State::new(Lang::En, Lesson::default(), vec![]));
        let same = state.clone().reduce(Action::SetWeb(state.settings.web));
        assert!(!same.restarted, "the same settings run on");
        let web = WebPageSettings {
            https: true,
            ..state.settings.web
        };
        let changed = state.reduce(Action::SetWeb(web));
        assert!(changed.restarted);
        assert!(!changed.reduce(Action::Restart).restarted);
    }

    #[test]
    fn a_course_page_s_lesson_comes_with_its_settings_and_a_clear_selection() {
        let state = Rc::new(State::new(Lang::En, Lesson::default(), vec![]));
        let state = state.reduce(Action::Select(Some(2)));
        let mut settings = Settings::default();
        settings.web.https = true;
        let says_no = Lesson::from_code("server-says-no").unwrap();
        let state = state.reduce(Action::LoadLesson(says_no, settings));
        assert_eq!(
            (state.lesson, state.settings, state.selected),
            (says_no, settings, None)
        );
    }

    #[test]
    fn an_unchanged_clock_does_not_re_render() {
        let state = Rc::new(State::new(Lang::En, Lesson::default(), vec![]));
        let same = state.clone().reduce(Action::Sync(state.status));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
