// The browser page's texts in English (generated from app/services/web/ by
// tools/i18n/web_texts.py into the build folder), translated in
// translations/*.ts in the context "WebPage" and served to the page as GET
// /api/messages/LANG's "page".
#pragma once

#include <string_view>
#include <vector>

#include "util/user_error.h"

namespace tunedesk::services {

inline constexpr const char* kWebPageContext = "WebPage";

const std::vector<std::string_view>& web_texts();

}  // namespace tunedesk::services
