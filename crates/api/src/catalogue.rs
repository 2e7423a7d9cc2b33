//! What the API serves: courses, each with its students, as the school's
//! database holds them; and what every style's handler answers with.

use cslab_sim::proto::http::Status;

/// The API's name, in `Host` and in REST's URLs.
pub const HOST: &str = "api.example";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub id: u32,
    pub title: String,
    /// Students, as (id, name).
    pub students: Vec<(u32, String)>,
}

/// The courses, and the id the next one created gets (a database's
/// sequence: ids are never reused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    pub courses: Vec<Course>,
    next_id: u32,
}

impl Default for Catalogue {
    /// Two courses, the first with three students.
    fn default() -> Self {
        let course = |id, title: &str, students: &[(u32, &str)]| Course {
            id,
            title: title.into(),
            students: students.iter().map(|&(i, n)| (i, n.into())).collect(),
        };
        Catalogue {
            courses: vec![
                course(1, "Networks", &[(1, "Ana"), (2, "Luca"), (3, "Marta")]),
                course(2, "Databases", &[(4, "Bruno")]),
            ],
            next_id: 3,
        }
    }
}

impl Catalogue {
    pub fn get(&self, id: u32) -> Option<&Course> {
        self.courses.iter().find(|course| course.id == id)
    }

    pub fn get_mut(&mut self, id: u32) -> Option<&mut Course> {
        self.courses.iter_mut().find(|course| course.id == id)
    }

    /// A new course with no students; its id.
    pub fn add(&mut self, title: &str) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.courses.push(Course {
            id,
            title: title.into(),
            students: Vec::new(),
        });
        id
    }

    /// Removes course `id`; whether it was there.
    pub fn remove(&mut self, id: u32) -> bool {
        let before = self.courses.len();
        self.courses.retain(|course| course.id != id);
        self.courses.len() < before
    }
}

/// What a handler answers: a status, header lines, and a body of a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: Status,
    pub headers: Vec<String>,
    pub content_type: Option<&'static str>,
    pub body: String,
}

impl Reply {
    pub fn new(status: Status, content_type: &'static str, body: String) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            content_type: Some(content_type),
            body,
        }
    }
}

/// The string value of `"name":"..."` in a flat JSON object (the bodies
/// this API is sent have no escapes in their values).
pub fn json_string(body: &str, name: &str) -> Option<String> {
    let rest = body.split(&format!("\"{name}\":\"")).nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}
