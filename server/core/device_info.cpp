#include "core/device_info.hpp"

#include <array>
#include <utility>

namespace lingting {

std::string device_info::label() const {
    std::string out = mobile ? "手机" : "电脑";
    if (!os.empty()) out += " · " + os;
    if (!browser.empty()) out += " · " + browser;
    return out;
}

device_info read_user_agent(std::string_view ua) {
    device_info d;
    if (ua.empty()) return d;
    auto has = [&](std::string_view s) { return ua.find(s) != std::string_view::npos; };
    // Order matters: HarmonyOS and Android phones both say "Android"-like things; iPads say "Mac".
    if (has("HarmonyOS") || has("OpenHarmony")) d.os = "HarmonyOS";
    else if (has("iPhone") || has("iPad") || has("iPod")) d.os = "iOS";
    else if (has("Android")) d.os = "Android";
    else if (has("Windows")) d.os = "Windows";
    else if (has("Macintosh") || has("Mac OS X")) d.os = "macOS";
    else if (has("Linux") || has("X11")) d.os = "Linux";
    d.mobile = has("Mobile") || has("iPhone") || has("iPod") || (d.os == "Android" && !has("Tablet")) ||
               d.os == "HarmonyOS";
    // In-app browsers first: they also name the engine (Chrome, Safari) they are built on.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> browsers{{
        {"MicroMessenger", "微信"},
        {"QQBrowser", "QQ浏览器"},
        {"UCBrowser", "UC浏览器"},
        {"baiduboxapp", "百度"},
        {"Edg/", "Edge"},
        {"Firefox/", "Firefox"},
        {"Chrome/", "Chrome"},
        {"CriOS/", "Chrome"},
        {"Safari/", "Safari"},
    }};
    for (auto& [needle, name] : browsers)
        if (has(needle)) {
            d.browser = name;
            break;
        }
    return d;
}

}  // namespace lingting
