#pragma once
// The date strftime_now() formats. Hugging Face passes the current date;
// for reproducible prompts (the paper's "Today Date: 21 May 2025") the caller
// fixes it instead.
#include <optional>
#include <string>
#include <string_view>

namespace ts {

struct CalendarDate {
    int year = 1970, month = 1, day = 1;
};

// "21 May 2025", "21 Mai 2025" is refused; accepted: "D Mon YYYY",
// "D Month YYYY" (English) and ISO "YYYY-MM-DD". nullopt when not a real date.
std::optional<CalendarDate> parseCalendarDate(std::string_view text);
CalendarDate localToday();
// C strftime (as Python's datetime.strftime uses) at 00:00:00 of that day,
// e.g. "%d %b %Y" -> "21 May 2025".
std::string formatCalendarDate(const CalendarDate& date, std::string_view format);

}  // namespace ts
