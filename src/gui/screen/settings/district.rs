//! 设置 → 全区共享: the station's code, the district server, its certificate and the station's
//! password, kept; syncing now (the sync itself runs at the root), and what the last one did.

use super::Outcome;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Task};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Message {
    Field(Field, String),
    ChooseCertificate,
    CertificateChosen(Option<PathBuf>),
    Save,
    Sync,
}

/// A box of 设置 → 全区共享.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Station,
    Server,
    Certificate,
    Password,
}

#[derive(Default)]
pub enum Action {
    #[default]
    None,
    /// A file dialog to run.
    Run(Task<Message>),
    /// Sync with the district in the background.
    Sync,
}

/// 设置 → 全区共享 as typed, and what the last sync said.
#[derive(Debug, Default)]
pub struct District {
    station: String,
    server: String,
    certificate: String,
    /// Typed to be kept; never shown back (the file holds it).
    password: String,
    /// Whether a password is kept for the station now, and where, in words.
    has_password: bool,
    kept: Option<String>,
    configured: bool,
    shared: usize,
    received: usize,
    last_sync: Option<crate::data::district::LastSync>,
    /// The last attempt, if it failed (the station works on without the district).
    failure: Option<String>,
    syncing: bool,
}

impl District {
    pub fn read(db: &Db) -> Self {
        let settings = db.district_settings().ok().flatten();
        let mut form = District::default();
        if let Some(settings) = settings {
            // Read where it is kept (a password left in the file by an earlier version moves
            // into the keyring here), said below the box.
            match hongniang_district::station::station_password(&settings.station) {
                Ok((password, kept)) => {
                    form.has_password = password.is_some();
                    form.kept = Some(kept.words());
                }
                Err(error) => form.kept = Some(error.to_string()),
            }
            form.station = settings.station;
            form.server = settings.server;
            form.certificate = settings.ca_file;
            form.configured = true;
        }
        (form.shared, form.received) = db.district_counts().unwrap_or_default();
        form.last_sync = db.district_last_sync().ok().flatten();
        form
    }

    /// With the failure of the last sync, if it failed.
    pub fn with_failure(mut self, failure: Option<String>) -> Self {
        self.failure = failure;
        self
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<Action> {
        match message {
            Message::Field(field, value) => {
                match field {
                    Field::Station => self.station = value,
                    Field::Server => self.server = value,
                    Field::Certificate => self.certificate = value,
                    Field::Password => self.password = value,
                }
                Outcome::none()
            }
            Message::ChooseCertificate => Outcome::then(Action::Run(Task::perform(
                async {
                    rfd::AsyncFileDialog::new()
                        .set_title("选择全区管理员给的证书文件")
                        .add_filter("证书", &["pem", "crt", "cer"])
                        .pick_file()
                        .await
                        .map(|file| file.path().to_path_buf())
                },
                Message::CertificateChosen,
            ))),
            Message::CertificateChosen(None) => Outcome::none(),
            Message::CertificateChosen(Some(file)) => {
                self.certificate = file.display().to_string();
                Outcome::none()
            }
            Message::Save => match self.save(db, actor) {
                Ok(()) => Outcome::said("全区共享的设置已保存;可以点“立即同步”试一下"),
                Err(error) => Outcome::failed(error),
            },
            Message::Sync => {
                if self.syncing {
                    return Outcome::none();
                }
                self.syncing = true;
                self.failure = None;
                Outcome::then(Action::Sync)
            }
        }
    }

    /// Keeps the district's settings and the password typed (in the user's own file).
    fn save(&mut self, db: &Db, actor: &Actor) -> Result<(), String> {
        use hongniang_district::station;
        db.may(actor, crate::data::Permission::District)
            .map_err(|e| e.to_string())?;
        station::parse_server(&self.server).map_err(|e| e.to_string())?;
        let settings = crate::data::district::DistrictSettings {
            station: self.station.trim().to_string(),
            server: self.server.trim().to_string(),
            ca_file: self.certificate.trim().to_string(),
        };
        crate::data::district::check_station_code(&settings.station).map_err(|e| e.to_string())?;
        station::password_file(&settings.station)
            .ok_or("找不到本用户的设置文件夹,密码没有地方存")?;
        db.set_district_settings(actor, &settings)
            .map_err(|e| e.to_string())?;
        if !self.password.is_empty() {
            station::keep_password(&settings.station, &self.password).map_err(|e| e.to_string())?;
        }
        *self = District::read(db);
        Ok(())
    }

    pub fn view<'a>(&'a self) -> Element<'a, Message> {
        let input = |placeholder: &'static str, value: &'a str, field: Field| {
            text_input(placeholder, value)
                .on_input(move |value| Message::Field(field, value))
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
        };
        let labelled = |label: &'static str, field: Element<'a, Message>| -> Element<'a, Message> {
            row![text(label).size(style::TEXT).width(150), field]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .into()
        };
        let mut content = column![
            widget::muted(
                "同意“全区共享”的会员,其资料(不含姓名和联系方式)与区里其他工会相亲工作站共享;其他站点的会员可以在 配对 的“全区”里看到。没有网络时本站照常登记、查询、配对和打印。"
            ),
            labelled("站点代码", input("如 湖滨", &self.station, Field::Station).width(200).id("district_station").into()),
            labelled("服务器地址", input("全区管理员给的,如 host=10.0.0.5 dbname=district user=hubin", &self.server, Field::Server).id("district_server").into()),
            labelled(
                "全区证书",
                row![
                    input("全区管理员给的证书文件(.pem),必须选", &self.certificate, Field::Certificate),
                    widget::secondary("选择…", Some(Message::ChooseCertificate)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .into()
            ),
            labelled(
                "密码",
                input(
                    if self.has_password { "已保存(要改才填)" } else { "全区管理员给本站的密码" },
                    &self.password,
                    Field::Password,
                )
                .secure(true)
                .on_submit(Message::Save)
                .width(280)
                .id("district_password")
                .into()
            ),
        ]
        .spacing(10);
        let mut buttons =
            row![widget::primary("保存设置", Some(Message::Save))].spacing(style::SPACING);
        if self.configured {
            buttons = buttons.push(widget::primary(
                if self.syncing {
                    "正在同步……"
                } else {
                    "立即同步"
                },
                (!self.syncing).then_some(Message::Sync),
            ));
        }
        content = content.push(buttons);
        if self.configured {
            content = content.push(
                text(format!(
                    "本站共享 {} 位会员;本机有其他站点的资料 {} 份",
                    self.shared, self.received
                ))
                .size(style::TEXT),
            );
            if let Some(kept) = &self.kept {
                content = content.push(text(kept.as_str()).size(style::TEXT));
            }
            content = content.push(match &self.last_sync {
                Some(last) => text(format!(
                    "上次同步:{}({})",
                    last.at.replace('T', " ").get(..16).unwrap_or(&last.at),
                    last.summary
                ))
                .size(style::TEXT),
                None => text("还没有同步过").size(style::TEXT),
            });
        }
        if let Some(failure) = &self.failure {
            content = content.push(
                text(format!("这次没有同步成功:{failure}"))
                    .size(style::TEXT)
                    .color(style::ERROR),
            );
        }
        content
            .push(widget::muted(
                "程序打开时会自动同步一次。密码存在系统的钥匙串(Windows 凭据管理器)里;没有钥匙串的电脑存在本用户的文件里,别的用户读不到。服务器地址里不要写密码。只有管理员可以改这里的设置。",
            ))
            .into()
    }
}
