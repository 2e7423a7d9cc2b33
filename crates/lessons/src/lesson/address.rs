//! Every lesson's settings live in the page's address (`?rtt=100&https=1`),
//! so a teacher can share a lesson exactly as it was set up: one mechanism
//! for every lesson, which reads the address and writes it back. Each
//! lesson's parameters are a table fixed at compile time (nothing to build
//! when the page starts, little code in the bundle).

/// A lesson's settings, as parameters of the address.
pub trait InAddress: Default + 'static {
    /// Its parameters, each with the values it takes.
    const PARAMS: &'static [Param<Self>];
}

/// One parameter of the address and the setting it stands for.
pub struct Param<S: 'static> {
    pub name: &'static str,
    /// The values it takes.
    pub values: Values,
    /// The place among `values` of the settings' value.
    pub get: fn(&S) -> usize,
    /// Sets the value at that place among `values`.
    pub set: fn(&mut S, usize),
}

/// The values a parameter takes, as the address writes them.
pub enum Values {
    /// Whole numbers.
    Numbers(&'static [u32]),
    /// Whole numbers from the first to the second by the third.
    Range(u32, u32, u32),
    /// `count` words, the `i`th given by the function (the choices' own
    /// names, kept in one place).
    Words(usize, fn(usize) -> &'static str),
}

/// A yes/no parameter's values: `0` and `1`.
pub const SWITCH: Values = Values::Words(2, |i| ["0", "1"][i]);

impl Values {
    fn len(&self) -> usize {
        match *self {
            Values::Numbers(numbers) => numbers.len(),
            Values::Range(low, high, step) => ((high - low) / step + 1) as usize,
            Values::Words(count, _) => count,
        }
    }

    /// The `i`th value as the address writes it.
    fn code(&self, i: usize) -> String {
        match *self {
            Values::Numbers(numbers) => numbers[i].to_string(),
            Values::Range(low, _, step) => (low + step * i as u32).to_string(),
            Values::Words(_, word) => word(i).to_string(),
        }
    }

    fn place(&self, code: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.code(i) == code)
    }

    /// What the parameter takes, for a notice.
    fn describe(&self) -> String {
        match *self {
            Values::Range(low, high, step) => {
                format!("{low}, {}, …, {high}", low + step)
            }
            _ => (0..self.len())
                .map(|i| self.code(i))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A parameter whose values are the whole numbers `$choices`, held in the
/// settings' `$field`.
macro_rules! number_param {
    ($name:literal, $choices:expr, $field:ident) => {
        $crate::lesson::address::Param {
            name: $name,
            values: $crate::lesson::address::Values::Numbers(&$choices),
            get: |s| $crate::lesson::address::place(&$choices, &s.$field),
            set: |s, i| s.$field = $choices[i],
        }
    };
}

/// A yes/no parameter held in the settings' `$field`.
macro_rules! switch_param {
    ($name:literal, $field:ident) => {
        $crate::lesson::address::Param {
            name: $name,
            values: $crate::lesson::address::SWITCH,
            get: |s| usize::from(s.$field),
            set: |s, i| s.$field = i == 1,
        }
    };
}

pub(crate) use {number_param, switch_param};

/// The place of `value` among `choices` (the first if it is none of them).
pub fn place<T: PartialEq>(choices: &[T], value: &T) -> usize {
    choices
        .iter()
        .position(|choice| choice == value)
        .unwrap_or_default()
}

/// The parameters whose values differ from the defaults, in order: what
/// the address needs to say.
pub fn to_query<S: InAddress>(settings: &S) -> Vec<(&'static str, String)> {
    let defaults = S::default();
    S::PARAMS
        .iter()
        .filter(|param| (param.get)(settings) != (param.get)(&defaults))
        .map(|param| (param.name, param.values.code((param.get)(settings))))
        .collect()
}

/// Every parameter with the settings' value, defaults too.
pub fn all_query<S: InAddress>(settings: &S) -> Vec<(&'static str, String)> {
    S::PARAMS
        .iter()
        .map(|param| (param.name, param.values.code((param.get)(settings))))
        .collect()
}

/// Sets `name` from `value`: `None` if the parameter is not one of these
/// settings', an error listing the values it takes if `value` is not one.
pub fn set_from_query<S: InAddress>(
    settings: &mut S,
    name: &str,
    value: &str,
) -> Option<Result<(), String>> {
    let param = S::PARAMS.iter().find(|param| param.name == name)?;
    Some(match param.values.place(value) {
        Some(i) => {
            (param.set)(settings, i);
            Ok(())
        }
        None => Err(param.values.describe()),
    })
}

/// The names of the settings' parameters.
pub fn names<S: InAddress>() -> Vec<&'static str> {
    S::PARAMS.iter().map(|param| param.name).collect()
}

/// Checks a lesson's parameters: each value read from the address is the
/// one written back, the defaults need no parameter, and a value not taken
/// is named. For each lesson's tests.
#[cfg(test)]
pub fn assert_round_trips<S: InAddress + PartialEq + std::fmt::Debug>() {
    assert!(
        to_query(&S::default()).is_empty(),
        "the defaults need no parameter"
    );
    for param in S::PARAMS {
        for i in 0..param.values.len() {
            let code = param.values.code(i);
            let mut settings = S::default();
            assert_eq!(
                set_from_query(&mut settings, param.name, &code),
                Some(Ok(()))
            );
            assert_eq!((param.get)(&settings), i, "{}={code}", param.name);
        }
        let mut settings = S::default();
        assert_eq!(
            set_from_query(&mut settings, param.name, "nonsense"),
            Some(Err(param.values.describe())),
        );
        assert_eq!(settings, S::default(), "a bad value changes nothing");
    }
}
