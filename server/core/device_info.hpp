// A coarse reading of a visitor's User-Agent for the consultant's visitor panel: phone or
// computer, the OS and the browser (the apps Chinese visitors browse in: WeChat, QQ, UC, Baidu).
// Pure; the header is visitor-supplied, so only known names ever come out, never its bytes.
#pragma once

#include <string>
#include <string_view>

namespace lingting {

struct device_info {
    bool mobile = false;
    std::string os;       // "iOS", "Android", "Windows", "macOS", "Linux", "HarmonyOS" or ""
    std::string browser;  // "微信", "QQ浏览器", "UC浏览器", "百度", "Edge", "Chrome", "Firefox", "Safari" or ""

    // "手机 · iOS · 微信"; an unknown User-Agent reads as "电脑" alone.
    std::string label() const;
};

device_info read_user_agent(std::string_view user_agent);

}  // namespace lingting
