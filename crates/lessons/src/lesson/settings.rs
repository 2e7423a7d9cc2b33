//! What the learner has set, in every lesson that has settings, and the
//! one way each lesson's settings reach the address (see [`super::address`]).

use super::Lesson;
use super::address::{self, InAddress};
use super::api::ApiSettings;
use super::compare::CompareSettings;
use super::database::DbSettings;
use super::email::EmailSettings;
use super::files::FilesSettings;
use super::game::GameSettings;
use super::gossip_lesson::GossipSettings;
use super::login::LoginSettings;
use super::privacy::PrivacySettings;
use super::server_says_no::RefusalSettings;
use super::streaming::StreamSettings;
use super::under_load::LoadSettings;
use super::web_page::WebPageSettings;
use super::websocket::ChatSettings;
use super::what_is_a_server::ServersSettings;

/// What the learner has set in the lessons that have settings. A lesson
/// with settings adds its field here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub web: WebPageSettings,
    pub refusal: RefusalSettings,
    pub load: LoadSettings,
    pub compare: CompareSettings,
    pub gossip: GossipSettings,
    pub servers: ServersSettings,
    pub email: EmailSettings,
    pub privacy: PrivacySettings,
    pub login: LoginSettings,
    pub api: ApiSettings,
    pub chat: ChatSettings,
    pub database: DbSettings,
    pub game: GameSettings,
    pub files: FilesSettings,
    pub stream: StreamSettings,
}

/// One lesson's settings inside [`Settings`], as the address reads and
/// writes them.
pub trait SettingsIn: Sync {
    /// Sets `name` if it is one of these settings: `None` if it is not, an
    /// error naming the values it takes if the value is not one of them.
    fn set_from_query(
        &self,
        settings: &mut Settings,
        name: &str,
        value: &str,
    ) -> Option<Result<(), String>>;
    /// The settings that differ from their defaults.
    fn to_query(&self, settings: &Settings) -> Vec<(&'static str, String)>;
    /// Every setting.
    fn all_query(&self, settings: &Settings) -> Vec<(&'static str, String)>;
    /// The parameters' names.
    fn names(&self) -> Vec<&'static str>;
}

/// Where a lesson's settings of type `S` sit in [`Settings`].
pub struct Field<S: 'static> {
    pub get: fn(&Settings) -> &S,
    pub get_mut: fn(&mut Settings) -> &mut S,
}

impl<S: InAddress> SettingsIn for Field<S> {
    fn set_from_query(
        &self,
        settings: &mut Settings,
        name: &str,
        value: &str,
    ) -> Option<Result<(), String>> {
        address::set_from_query((self.get_mut)(settings), name, value)
    }

    fn to_query(&self, settings: &Settings) -> Vec<(&'static str, String)> {
        address::to_query((self.get)(settings))
    }

    fn all_query(&self, settings: &Settings) -> Vec<(&'static str, String)> {
        address::all_query((self.get)(settings))
    }

    fn names(&self) -> Vec<&'static str> {
        address::names::<S>()
    }
}

impl Settings {
    /// Sets the parameter `name` of whichever lesson's setting it is: `None`
    /// if it is none of theirs, an error naming the values it takes.
    pub fn set_from_query(&mut self, name: &str, value: &str) -> Option<Result<(), String>> {
        Lesson::ALL
            .iter()
            .find_map(|lesson| lesson.spec().settings.set_from_query(self, name, value))
    }

    /// Every lesson's settings that differ from the defaults, as the
    /// address writes them.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        Lesson::ALL
            .iter()
            .flat_map(|lesson| lesson.spec().settings.to_query(self))
            .collect()
    }

    /// The names of every lesson's parameters.
    pub fn names() -> Vec<&'static str> {
        Lesson::ALL
            .iter()
            .flat_map(|lesson| lesson.spec().settings.names())
            .collect()
    }
}
