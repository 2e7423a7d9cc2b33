//! Which panels beside the stage show (`?panels=`): a teacher who embeds
//! one lesson may want only the stage and its narration, say. The stage,
//! its caption and its controls always show: they are the lesson.

/// The panels a page shows; all of them unless the address says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    /// The narration: the lesson menu, its title, its story so far.
    pub story: bool,
    /// The lesson's settings card.
    pub settings: bool,
    /// What happened: the event list, the details of a machine or packet,
    /// and the sequence chart's tab.
    pub events: bool,
}

impl Default for Panels {
    fn default() -> Panels {
        Panels::ALL
    }
}

/// The names the address uses, in the order it writes them.
const NAMES: [&str; 3] = ["story", "settings", "events"];
/// The value for no panel at all (an empty value would read as a mistake).
const NONE: &str = "none";

impl Panels {
    pub const ALL: Panels = Panels {
        story: true,
        settings: true,
        events: true,
    };

    fn slots(&mut self) -> [&mut bool; 3] {
        [&mut self.story, &mut self.settings, &mut self.events]
    }

    /// Reads `story,events` or `none`. A name it does not know is an error
    /// listing the names it takes, and the value changes nothing.
    pub fn parse(value: &str) -> Result<Panels, String> {
        let expected = || format!("{}, {NONE}", NAMES.join(", "));
        if value == NONE {
            return Ok(Panels {
                story: false,
                settings: false,
                events: false,
            });
        }
        let mut panels = Panels {
            story: false,
            settings: false,
            events: false,
        };
        for name in value.split(',') {
            let place = NAMES.iter().position(|known| *known == name.trim());
            *panels.slots()[place.ok_or_else(expected)?] = true;
        }
        Ok(panels)
    }

    /// The address's value, or `None` when every panel shows (the default).
    pub fn to_query(mut self) -> Option<String> {
        let shown: Vec<&str> = NAMES
            .iter()
            .zip(self.slots())
            .filter(|(_, on)| **on)
            .map(|(name, _)| *name)
            .collect();
        match shown.len() {
            3 => None,
            0 => Some(NONE.to_string()),
            _ => Some(shown.join(",")),
        }
    }

    /// Whether anything shows beside the stage.
    pub fn any(self) -> bool {
        self.story || self.settings || self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_read_and_write_back() {
        for value in ["story", "settings,events", "story,settings", NONE] {
            let panels = Panels::parse(value).unwrap();
            assert_eq!(panels.to_query().as_deref(), Some(value));
        }
        assert_eq!(
            Panels::parse("events, story")
                .unwrap()
                .to_query()
                .as_deref(),
            Some("story,events")
        );
        assert_eq!(Panels::parse("story,settings,events"), Ok(Panels::ALL));
        assert_eq!(
            Panels::ALL.to_query(),
            None,
            "the default needs no parameter"
        );
        assert!(!Panels::parse(NONE).unwrap().any());
    }

    #[test]
    fn an_unknown_panel_is_named_and_changes_nothing() {
        assert_eq!(
            Panels::parse("story,chart"),
            Err("story, settings, events, none".to_string())
        );
        assert!(Panels::parse("").is_err());
    }
}
