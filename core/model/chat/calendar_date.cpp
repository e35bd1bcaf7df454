#include "core/model/chat/calendar_date.h"

#include <chrono>
#include <ctime>

#include "core/util/text.h"

namespace ts {

namespace {

const char* const kMonths[] = {"january",   "february", "march",    "april",
                               "may",       "june",     "july",     "august",
                               "september", "october",  "november", "december"};

bool valid(int y, int m, int d) {
    using namespace std::chrono;
    return year_month_day{year{y}, month{unsigned(m)}, day{unsigned(d)}}.ok();
}

bool allDigits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<CalendarDate> parseCalendarDate(std::string_view text) {
    const std::string t = trim(text);
    if (t.size() == 10 && t[4] == '-' && t[7] == '-' && allDigits(t.substr(0, 4)) &&
        allDigits(t.substr(5, 2)) && allDigits(t.substr(8, 2))) {
        CalendarDate d{std::stoi(t.substr(0, 4)), std::stoi(t.substr(5, 2)),
                       std::stoi(t.substr(8, 2))};
        if (valid(d.year, d.month, d.day)) return d;
        return std::nullopt;
    }
    std::vector<std::string> parts;
    for (const auto& p : split(t, ' '))
        if (!p.empty()) parts.push_back(p);
    if (parts.size() != 3 || !allDigits(parts[0]) || !allDigits(parts[2]) || parts[0].size() > 2 ||
        parts[2].size() != 4)
        return std::nullopt;
    const std::string name = toLowerAscii(parts[1]);
    for (int m = 0; m < 12; ++m) {
        const std::string full = kMonths[m];
        if (name == full || (name.size() == 3 && full.compare(0, 3, name) == 0)) {
            CalendarDate d{std::stoi(parts[2]), m + 1, std::stoi(parts[0])};
            if (valid(d.year, d.month, d.day)) return d;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

CalendarDate localToday() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string formatCalendarDate(const CalendarDate& date, std::string_view format) {
    using namespace std::chrono;
    const year_month_day ymd{year{date.year}, month{unsigned(date.month)}, day{unsigned(date.day)}};
    const sys_days days{ymd};
    std::tm tm{};
    tm.tm_year = date.year - 1900;
    tm.tm_mon = date.month - 1;
    tm.tm_mday = date.day;
    tm.tm_wday = int(weekday{days}.c_encoding());
    tm.tm_yday = int((days - sys_days{year_month_day{year{date.year}, January, day{1}}}).count());
    tm.tm_isdst = 0;
    const std::string fmt(format);
    std::string out(256 + fmt.size() * 16, '\0');
    const std::size_t n = std::strftime(out.data(), out.size(), fmt.c_str(), &tm);
    out.resize(n);
    return out;
}

}  // namespace ts
