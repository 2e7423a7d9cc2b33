//! Every lesson's settings live in the page's address (`?rtt=100&https=1`),
//! so a teacher can share a lesson exactly as it was set up: one mechanism
//! for every lesson, which reads the address and writes it back.

/// A lesson's settings, as parameters of the address.
pub trait InAddress: Default + Sized {
    /// Its parameters, each with the values it takes.
    fn params() -> Vec<Param<Self>>;
}

/// One parameter of the address and the setting it stands for.
pub struct Param<S> {
    pub name: &'static str,
    /// Every value it takes, as the address writes it.
    pub codes: Vec<String>,
    /// The address's form of the settings' value.
    pub get: fn(&S) -> String,
    /// Sets the value `code` (one of `codes`) stands for.
    pub set: fn(&mut S, &str),
}

impl<S> Param<S> {
    pub fn new(
        name: &'static str,
        codes: Vec<String>,
        get: fn(&S) -> String,
        set: fn(&mut S, &str),
    ) -> Param<S> {
        Param {
            name,
            codes,
            get,
            set,
        }
    }
}

/// A whole number as the address writes it.
#[inline(never)]
pub fn number_code(value: u32) -> String {
    value.to_string()
}

/// Whole numbers as the address writes them.
pub fn numbers(values: &[u32]) -> Vec<String> {
    values.iter().copied().map(number_code).collect()
}

/// Codes as the address writes them.
pub fn words(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|code| code.to_string()).collect()
}

/// The code of `value` among `choices`, `codes` being their codes in the
/// same order (the first if it is none of them).
pub fn code_of<T: PartialEq>(choices: &[T], codes: &[&str], value: &T) -> String {
    let i = choices.iter().position(|choice| choice == value);
    codes[i.unwrap_or_default()].to_string()
}

/// The choice whose code is `code` (the first if none is).
pub fn choice_of<T: Copy>(choices: &[T], codes: &[&str], code: &str) -> T {
    let i = codes.iter().position(|&c| c == code);
    choices[i.unwrap_or_default()]
}

/// The codes of a yes/no setting.
pub const SWITCH: [&str; 2] = ["0", "1"];

/// A yes/no parameter's codes.
pub fn switch_codes() -> Vec<String> {
    words(&SWITCH)
}

/// A yes/no setting as the address writes it.
pub fn switch(on: bool) -> String {
    if on { "1" } else { "0" }.to_string()
}

/// A whole number the address wrote (one of its parameter's codes). Not
/// inlined, like [`number_code`]: one copy of the parsing in the bundle
/// instead of one per setting.
#[inline(never)]
pub fn number(code: &str) -> u32 {
    code.parse().unwrap_or_default()
}

/// The parameters whose values differ from the defaults, in order: what
/// the address needs to say.
#[inline(never)]
pub fn to_query<S: InAddress>(settings: &S) -> Vec<(&'static str, String)> {
    let defaults = S::default();
    S::params()
        .into_iter()
        .filter(|param| (param.get)(settings) != (param.get)(&defaults))
        .map(|param| (param.name, (param.get)(settings)))
        .collect()
}

/// Sets `name` from `value`: `None` if the parameter is not one of these
/// settings', an error listing the values it takes if `value` is not one.
#[inline(never)]
pub fn set_from_query<S: InAddress>(
    settings: &mut S,
    name: &str,
    value: &str,
) -> Option<Result<(), String>> {
    let param = S::params().into_iter().find(|param| param.name == name)?;
    Some(if param.codes.iter().any(|code| code == value) {
        (param.set)(settings, value);
        Ok(())
    } else {
        Err(param.codes.join(", "))
    })
}

/// Every parameter with the settings' value, defaults too.
pub fn all_query<S: InAddress>(settings: &S) -> Vec<(&'static str, String)> {
    S::params()
        .into_iter()
        .map(|param| (param.name, (param.get)(settings)))
        .collect()
}

/// The names of the settings' parameters.
#[inline(never)]
pub fn names<S: InAddress>() -> Vec<&'static str> {
    S::params().into_iter().map(|param| param.name).collect()
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
    for param in S::params() {
        for code in &param.codes {
            let mut settings = S::default();
            assert_eq!(
                set_from_query(&mut settings, param.name, code),
                Some(Ok(()))
            );
            assert_eq!(&(param.get)(&settings), code, "{}={code}", param.name);
        }
        let mut settings = S::default();
        assert_eq!(
            set_from_query(&mut settings, param.name, "nonsense"),
            Some(Err(param.codes.join(", "))),
        );
        assert_eq!(settings, S::default(), "a bad value changes nothing");
    }
}
