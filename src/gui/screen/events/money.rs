//! 活动 → an event → 合办与经费: the co-organisers with their places, the money by source, and
//! an enterprise's 订单式 request, each added or taken out here; `data::event_partners` keeps
//! the rules.

use super::event::{Effect, Shown};
use crate::data::event_partners::{Cost, Order, Partner, yuan_text};
use crate::data::events::{Funding, PartnerKind};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    PartnerKind(PartnerKind),
    PartnerName(String),
    PartnerPlaces(String),
    AddPartner,
    RemovePartner(i64),
    Source(Funding),
    Amount(String),
    Note(String),
    AddCost,
    RemoveCost(i64),
    OrderBy(String),
    OrderFor(String),
    OrderCount(String),
    SaveOrder,
}

/// What is typed in the three forms, what was read, and the last refusal of each.
pub struct Money {
    read_for: Option<i64>,
    partners: Vec<Partner>,
    costs: Vec<Cost>,
    kind: PartnerKind,
    name: String,
    places: String,
    source: Funding,
    amount: String,
    note: String,
    order_by: String,
    order_for: String,
    order_count: String,
    partner_error: Option<String>,
    cost_error: Option<String>,
    order_error: Option<String>,
}

impl Default for Money {
    fn default() -> Self {
        Self {
            read_for: None,
            partners: Vec::new(),
            costs: Vec::new(),
            kind: PartnerKind::Union,
            name: String::new(),
            places: String::new(),
            source: Funding::Special,
            amount: String::new(),
            note: String::new(),
            order_by: String::new(),
            order_for: String::new(),
            order_count: String::new(),
            partner_error: None,
            cost_error: None,
            order_error: None,
        }
    }
}

fn input<'a>(
    placeholder: &'a str,
    value: &'a str,
    on: fn(String) -> Message,
    submit: Message,
    wrong: bool,
    width: f32,
) -> Element<'a, Message> {
    text_input(placeholder, value)
        .on_input(on)
        .on_submit(submit)
        .size(style::TEXT)
        .padding(style::INPUT_PADDING)
        .width(Length::Fixed(width))
        .style(style::input(wrong))
        .into()
}

impl Money {
    /// Reads the event's partners, money and order (when the part is shown).
    pub fn refresh(&mut self, event: i64, db: &Db) {
        self.partners = db.event_partners(event).unwrap_or_default();
        self.costs = db.event_costs(event).unwrap_or_default();
        if self.read_for != Some(event) {
            let order = db.event_order(event).unwrap_or_default();
            self.order_by = order.by;
            self.order_for = order.for_whom;
            self.order_count = order.count.map(|n| n.to_string()).unwrap_or_default();
            self.read_for = Some(event);
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
    ) -> Effect {
        let id = shown.event.id;
        match message {
            Message::PartnerKind(kind) => self.kind = kind,
            Message::PartnerName(text) => self.name = text,
            Message::PartnerPlaces(text) => self.places = text,
            Message::AddPartner => {
                let places = match self.places.trim() {
                    "" => Ok(0),
                    typed => typed
                        .parse::<u32>()
                        .map_err(|_| format!("名额“{typed}”要填整数,如 20")),
                };
                let added = places.and_then(|places| {
                    db.add_event_partner(actor, id, self.kind, &self.name, places)
                        .map_err(|e| e.to_string())
                });
                match added {
                    Ok(p) => {
                        self.name.clear();
                        self.places.clear();
                        self.partner_error = None;
                        self.refresh(id, db);
                        return Effect::Say(format!("已加合办单位:{}", p.name));
                    }
                    Err(error) => self.partner_error = Some(error),
                }
            }
            Message::RemovePartner(partner) => {
                if let Err(error) = db.remove_event_partner(actor, id, partner) {
                    return Effect::Say(error.to_string());
                }
                self.refresh(id, db);
            }
            Message::Source(source) => self.source = source,
            Message::Amount(text) => self.amount = text,
            Message::Note(text) => self.note = text,
            Message::AddCost => {
                match db.add_event_cost(actor, id, self.source, &self.amount, &self.note) {
                    Ok(cost) => {
                        self.amount.clear();
                        self.note.clear();
                        self.cost_error = None;
                        self.refresh(id, db);
                        return Effect::Say(format!(
                            "已记下:{} {}",
                            cost.source.label(),
                            yuan_text(cost.amount_fen)
                        ));
                    }
                    Err(error) => self.cost_error = Some(error.to_string()),
                }
            }
            Message::RemoveCost(cost) => {
                if let Err(error) = db.remove_event_cost(actor, id, cost) {
                    return Effect::Say(error.to_string());
                }
                self.refresh(id, db);
            }
            Message::OrderBy(text) => self.order_by = text,
            Message::OrderFor(text) => self.order_for = text,
            Message::OrderCount(text) => self.order_count = text,
            Message::SaveOrder => {
                let count = match self.order_count.trim() {
                    "" => Ok(None),
                    typed => typed
                        .parse::<u32>()
                        .map(Some)
                        .map_err(|_| format!("人数“{typed}”要填整数,如 30")),
                };
                let saved = count.and_then(|count| {
                    let order = Order {
                        by: self.order_by.clone(),
                        for_whom: self.order_for.clone(),
                        count,
                    };
                    db.set_event_order(actor, id, &order)
                        .map(|()| order)
                        .map_err(|e| e.to_string())
                });
                match saved {
                    Ok(order) => {
                        self.order_error = None;
                        return Effect::Say(if order.is_empty() {
                            "已取消订单式活动的记录".into()
                        } else {
                            "订单式活动已记下".into()
                        });
                    }
                    Err(error) => self.order_error = Some(error),
                }
            }
        }
        Effect::None
    }

    pub fn view<'a>(&'a self, _shown: Shown<'a>) -> Element<'a, Message> {
        column![
            widget::section("合办单位", self.partners_view()),
            widget::section("经费", self.costs_view()),
            widget::section("订单式活动(企业提出的)", self.order_view()),
        ]
        .spacing(style::GAP)
        .into()
    }

    fn partners_view(&self) -> Element<'_, Message> {
        let mut list = column![].spacing(6);
        if self.partners.is_empty() {
            list = list.push(widget::muted(
                "还没有合办单位(工会、企业、女职工委员会……)。",
            ));
        }
        for p in &self.partners {
            list = list.push(
                row![
                    text(format!(
                        "{}({}){}",
                        p.name,
                        p.kind.label(),
                        if p.places > 0 {
                            format!(" · 名额 {} 位", p.places)
                        } else {
                            String::new()
                        }
                    ))
                    .size(style::TEXT)
                    .width(Length::Fill),
                    widget::secondary("去掉", Some(Message::RemovePartner(p.id))),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        let wrong = self.partner_error.is_some();
        list = list.push(
            row![
                pick_list(PartnerKind::ALL, Some(self.kind), Message::PartnerKind)
                    .text_size(style::TEXT)
                    .padding(6)
                    .style(style::pick_list),
                input(
                    "单位名称",
                    &self.name,
                    Message::PartnerName,
                    Message::AddPartner,
                    wrong,
                    260.0
                ),
                input(
                    "名额",
                    &self.places,
                    Message::PartnerPlaces,
                    Message::AddPartner,
                    wrong,
                    90.0
                ),
                widget::primary("添加", Some(Message::AddPartner)),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        );
        if let Some(error) = &self.partner_error {
            list = list.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        list.into()
    }

    fn costs_view(&self) -> Element<'_, Message> {
        let mut list = column![].spacing(6);
        let total: i64 = self.costs.iter().map(|c| c.amount_fen).sum();
        if self.costs.is_empty() {
            list = list.push(widget::muted("还没有记经费。活动结束后结算了再记也可以。"));
        }
        for c in &self.costs {
            list = list.push(
                row![
                    text(format!(
                        "{} {}{}",
                        c.source.label(),
                        yuan_text(c.amount_fen),
                        if c.note.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", c.note)
                        }
                    ))
                    .size(style::TEXT)
                    .width(Length::Fill),
                    widget::secondary("删去", Some(Message::RemoveCost(c.id))),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        if !self.costs.is_empty() {
            list = list.push(text(format!("合计 {}", yuan_text(total))).size(style::TEXT));
        }
        let wrong = self.cost_error.is_some();
        list = list.push(
            row![
                pick_list(Funding::ALL, Some(self.source), Message::Source)
                    .text_size(style::TEXT)
                    .padding(6)
                    .style(style::pick_list),
                input(
                    "金额(元)",
                    &self.amount,
                    Message::Amount,
                    Message::AddCost,
                    wrong,
                    140.0
                ),
                input(
                    "用途(可不填)",
                    &self.note,
                    Message::Note,
                    Message::AddCost,
                    false,
                    220.0
                ),
                widget::primary("记下", Some(Message::AddCost)),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        );
        if let Some(error) = &self.cost_error {
            list = list.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        list.into()
    }

    fn order_view(&self) -> Element<'_, Message> {
        let wrong = self.order_error.is_some();
        let mut form = column![
            widget::muted(
                "企业点单、工作站来办的活动:记下是谁提出的、为谁办、多少人。不是就空着。"
            ),
            widget::field(
                "提出单位",
                input(
                    "如 浙江移动杭州分公司",
                    &self.order_by,
                    Message::OrderBy,
                    Message::SaveOrder,
                    wrong,
                    320.0
                ),
                None
            ),
            widget::field(
                "为谁办",
                input(
                    "如 本企业单身青年",
                    &self.order_for,
                    Message::OrderFor,
                    Message::SaveOrder,
                    false,
                    320.0
                ),
                None
            ),
            widget::field(
                "人数",
                input(
                    "如 30",
                    &self.order_count,
                    Message::OrderCount,
                    Message::SaveOrder,
                    wrong,
                    120.0
                ),
                None
            ),
        ]
        .spacing(8);
        if let Some(error) = &self.order_error {
            form = form.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        form.push(row![widget::primary("保存", Some(Message::SaveOrder))])
            .into()
    }
}
