//! The app's own words in Vietnamese (the default) and English.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The locale code forms and the engine use.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.starts_with("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }
}

/// Every text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Tagline,
    Forms,
    Start,
    Drafts,
    NoDrafts,
    Outbox,
    Sent,
    Rejected,
    Resume,
    Discard,
    ConfirmDiscard,
    Settings,
    Home,
    Previous,
    Next,
    Review,
    ReviewTitle,
    ReviewHint,
    Edit,
    Submit,
    Saving,
    Saved,
    SaveFailed,
    ExportMyData,
    Done,
    DoneHint,
    BackHome,
    Page,
    Of,
    Answered,
    Required,
    Language,
    Storage,
    StorageUsed,
    Persistence,
    PersistenceGranted,
    PersistenceDenied,
    ExportData,
    ImportData,
    Imported,
    Add,
    Remove,
    Other,
    Search,
    MoveUp,
    MoveDown,
    KeepOrder,
    Ranked,
    NotRanked,
    From,
    To,
    NotSet,
    Yes,
    No,
    Loading,
    FormMissing,
    FixErrors,
    LastEdited,
    Progress,
    Sync,
    Sending,
    LastSync,
    NeverSynced,
    ServerAddress,
    Token,
    SaveSettings,
    SendNow,
    EditAgain,
    ReadOnlyElsewhere,
    ReadOnly,
    StorageBlocked,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Text::Tagline => (
                "Khảo sát năng suất và chất lượng — Kế hoạch 285/KH-UBND tỉnh Bắc Ninh",
                "Productivity and quality survey — Bắc Ninh Plan 285/KH-UBND",
            ),
            Text::Forms => ("Biểu mẫu", "Forms"),
            Text::Start => ("Bắt đầu", "Start"),
            Text::Drafts => ("Bản nháp", "Drafts"),
            Text::NoDrafts => ("Chưa có phiếu nào.", "Nothing here yet."),
            Text::Outbox => ("Chờ gửi", "Outbox"),
            Text::Sent => ("Đã gửi", "Sent"),
            Text::Rejected => ("Bị từ chối", "Rejected"),
            Text::Resume => ("Tiếp tục", "Resume"),
            Text::Discard => ("Xoá", "Discard"),
            Text::ConfirmDiscard => (
                "Xoá phiếu này? Các câu trả lời sẽ mất và không thể khôi phục.",
                "Discard this survey? Its answers will be lost for good.",
            ),
            Text::Settings => ("Cài đặt", "Settings"),
            Text::Home => ("Trang chủ", "Home"),
            Text::Previous => ("Trang trước", "Previous"),
            Text::Next => ("Trang sau", "Next"),
            Text::Review => ("Xem lại", "Review"),
            Text::ReviewTitle => ("Xem lại câu trả lời", "Review your answers"),
            Text::ReviewHint => (
                "Kiểm tra các câu trả lời và chỉ số trước khi hoàn thành.",
                "Check your answers and indicators before finishing.",
            ),
            Text::Edit => ("Sửa", "Edit"),
            Text::Submit => ("Hoàn thành phiếu", "Finish the survey"),
            Text::Saving => ("Đang lưu…", "Saving…"),
            Text::Saved => ("Đã lưu trên máy", "Saved on this device"),
            Text::SaveFailed => (
                "Không lưu được thay đổi mới nhất. Bản đã lưu trước đó vẫn còn nguyên. Hãy xuất dữ liệu để giữ an toàn.",
                "The latest change could not be saved. The previously saved version is intact. Export your data to keep it safe.",
            ),
            Text::ExportMyData => ("Xuất dữ liệu của tôi", "Export my data"),
            Text::Done => ("Đã hoàn thành phiếu", "Survey finished"),
            Text::DoneHint => (
                "Phiếu đã vào hộp chờ gửi và sẽ được gửi khi có mạng.",
                "The survey is in the outbox and will be sent when a connection is available.",
            ),
            Text::BackHome => ("Về trang chủ", "Back to home"),
            Text::Page => ("Trang", "Page"),
            Text::Of => ("/", "of"),
            Text::Answered => ("đã trả lời", "answered"),
            Text::Required => ("bắt buộc", "required"),
            Text::Language => ("Ngôn ngữ", "Language"),
            Text::Storage => ("Bộ nhớ", "Storage"),
            Text::StorageUsed => ("Đã dùng", "Used"),
            Text::Persistence => ("Lưu trữ lâu dài", "Persistent storage"),
            Text::PersistenceGranted => (
                "Đã được cấp: trình duyệt sẽ không tự xoá dữ liệu.",
                "Granted: the browser will not evict the data.",
            ),
            Text::PersistenceDenied => (
                "Chưa được cấp: hãy xuất dữ liệu thường xuyên.",
                "Not granted: export your data regularly.",
            ),
            Text::ExportData => ("Xuất toàn bộ dữ liệu (JSON)", "Export all data (JSON)"),
            Text::ImportData => ("Nhập dữ liệu từ tệp", "Import data from a file"),
            Text::Imported => ("Đã nhập", "Imported"),
            Text::Add => ("Thêm", "Add"),
            Text::Remove => ("Bỏ", "Remove"),
            Text::Other => ("Khác (ghi rõ)", "Other (please specify)"),
            Text::Search => ("Tìm trong danh sách", "Search the list"),
            Text::MoveUp => ("Lên trên", "Move up"),
            Text::MoveDown => ("Xuống dưới", "Move down"),
            Text::KeepOrder => ("Giữ thứ tự này", "Keep this order"),
            Text::Ranked => ("Đã xếp hạng", "Ranked"),
            Text::NotRanked => ("Chưa xếp hạng", "Not ranked"),
            Text::From => ("Từ", "From"),
            Text::To => ("Đến", "To"),
            Text::NotSet => ("Chưa chọn", "Not set"),
            Text::Yes => ("Có", "Yes"),
            Text::No => ("Không", "No"),
            Text::Loading => ("Đang tải…", "Loading…"),
            Text::FormMissing => (
                "Không tìm thấy biểu mẫu của phiếu này.",
                "The form of this survey is not available.",
            ),
            Text::FixErrors => (
                "Vui lòng sửa các lỗi được đánh dấu.",
                "Please correct the marked answers.",
            ),
            Text::LastEdited => ("Sửa lần cuối", "Last edited"),
            Text::Progress => ("Tiến độ", "Progress"),
            Text::Sync => ("Gửi phiếu về máy chủ", "Sending to the server"),
            Text::Sending => ("Đang gửi", "Sending"),
            Text::LastSync => ("Gửi thành công lần cuối", "Last successful send"),
            Text::NeverSynced => ("Chưa gửi lần nào", "Nothing sent yet"),
            Text::ServerAddress => ("Địa chỉ máy chủ", "Server address"),
            Text::Token => ("Mã truy cập", "Access token"),
            Text::SaveSettings => ("Lưu cài đặt", "Save settings"),
            Text::SendNow => ("Gửi ngay", "Send now"),
            Text::EditAgain => ("Sửa và gửi lại", "Edit and send again"),
            Text::ReadOnlyElsewhere => (
                "Phiếu này đang được mở ở một thẻ khác — chỉ xem.",
                "This survey is open in another tab — read-only.",
            ),
            Text::ReadOnly => ("Chỉ xem", "Read-only"),
            Text::StorageBlocked => (
                "Trình duyệt không cho phép lưu câu trả lời ở đây (ví dụ trong khung nhúng của trang khác), nên phiếu không được hiển thị để tránh mất dữ liệu. Hãy mở phiếu trong cửa sổ riêng.",
                "This browser does not allow saving answers here (for example inside another site's frame), so the survey is not shown: your answers would be lost. Open the survey in its own window.",
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The button under a long list: `next` more cards to show, `left` not shown yet.
pub fn show_more(lang: Lang, next: usize, left: usize) -> String {
    match lang {
        Lang::Vi => format!("Xem thêm {next} (còn {left})"),
        Lang::En => format!("Show {next} more ({left} left)"),
    }
}
