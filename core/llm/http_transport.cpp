// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/http_transport.h"

#include "phylo/version.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>

namespace phylo::llm {

namespace {

    struct Transfer {
        CURL* easy = nullptr;
        const HttpBodySink* sink = nullptr;
        const std::atomic<bool>* cancel = nullptr;
        std::optional<double> retryAfterS;
        std::string contentType;
        bool typeKnown = false;
        bool aborted = false;
    };

    void initCurlOnce()
    {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    }

    std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
    {
        auto* transfer = static_cast<Transfer*>(user);
        const std::size_t bytes = size * count;
        long status = 0;
        curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
        if (!transfer->typeKnown) {
            char* type = nullptr;
            if (curl_easy_getinfo(transfer->easy, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
                transfer->contentType = type;
            transfer->typeKnown = true;
        }
        if (!(*transfer->sink)(status, transfer->contentType, std::string_view(data, bytes))) {
            transfer->aborted = true;
            return 0; // CURLE_WRITE_ERROR
        }
        return bytes;
    }

    bool startsWithNoCase(std::string_view text, std::string_view prefix)
    {
        return text.size() >= prefix.size()
            && std::equal(prefix.begin(), prefix.end(), text.begin(),
                [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
    }

    std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
    {
        auto* transfer = static_cast<Transfer*>(user);
        std::string_view line(data, size * count);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
            line.remove_suffix(1);
        if (startsWithNoCase(line, "HTTP/")) {
            transfer->retryAfterS.reset(); // a new response (after a 100 Continue, say)
        } else if (startsWithNoCase(line, "retry-after:")) {
            line.remove_prefix(12);
            transfer->retryAfterS = parseRetryAfter(line);
        }
        return size * count;
    }

    int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
    {
        auto* transfer = static_cast<Transfer*>(user);
        return transfer->cancel && transfer->cancel->load() ? 1 : 0;
    }

    HttpOutcome::Kind kindOf(CURLcode code, const Transfer& transfer)
    {
        switch (code) {
        case CURLE_OK:
            return HttpOutcome::Kind::Completed;
        case CURLE_OPERATION_TIMEDOUT:
            return HttpOutcome::Kind::TimedOut;
        case CURLE_ABORTED_BY_CALLBACK:
            return HttpOutcome::Kind::Cancelled;
        case CURLE_WRITE_ERROR:
            return transfer.aborted ? HttpOutcome::Kind::Aborted : HttpOutcome::Kind::NetworkError;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_BAD_FUNCTION_ARGUMENT:
        case CURLE_OUT_OF_MEMORY:
        case CURLE_FAILED_INIT:
            return HttpOutcome::Kind::Fatal;
        default:
            return HttpOutcome::Kind::NetworkError;
        }
    }

} // namespace

std::optional<double> parseRetryAfter(std::string_view value)
{
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    const std::string text(value);
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size() && std::isdigit(static_cast<unsigned char>(text.front())))
        return seconds;
    const time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == -1)
        return std::nullopt;
    return std::max(0.0, std::difftime(when, std::time(nullptr)));
}

HttpOutcome httpPost(const HttpRequest& request, const HttpBodySink& sink, const std::atomic<bool>* cancel)
{
    initCurlOnce();
    HttpOutcome outcome;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), curl_multi_cleanup);
    if (!easy || !multi) {
        outcome.detail = "libcurl could not start a transfer";
        return outcome;
    }
    curl_slist* list = nullptr;
    auto addHeader = [&list](const std::string& header) {
        if (curl_slist* longer = curl_slist_append(list, header.c_str()))
            list = longer;
    };
    addHeader("Content-Type: application/json");
    addHeader("Expect:"); // no 100-continue round trip for large prompts
    for (const std::string& header : request.headers)
        addHeader(header);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, curl_slist_free_all);

    Transfer transfer;
    transfer.easy = easy.get();
    transfer.sink = &sink;
    transfer.cancel = cancel;
    char errorText[CURL_ERROR_SIZE] = {};
    const long timeoutMs = std::max(1L, static_cast<long>(request.timeoutS * 1000));
    const std::string userAgent = std::string("PhyloEvolve/") + kVersion;
    CURL* handle = easy.get();
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_USERAGENT, userAgent.c_str());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeoutMs, 30000L));
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
    // A loopback server is never reached through a proxy from the environment.
    curl_easy_setopt(handle, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");

    curl_multi_add_handle(multi.get(), handle);
    bool cancelled = false;
    for (;;) {
        int running = 0;
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK || running == 0)
            break;
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
    CURLcode code = CURLE_FAILED_INIT;
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &left))
        if (message->msg == CURLMSG_DONE && message->easy_handle == handle)
            code = message->data.result;
    if (cancelled)
        code = CURLE_ABORTED_BY_CALLBACK;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &outcome.status);
    curl_multi_remove_handle(multi.get(), handle);

    outcome.kind = kindOf(code, transfer);
    outcome.contentType = transfer.contentType;
    outcome.retryAfterS = transfer.retryAfterS;
    if (code != CURLE_OK)
        outcome.detail = errorText[0] ? std::string(errorText) : std::string(curl_easy_strerror(code));
    while (!outcome.detail.empty() && (outcome.detail.back() == '\n' || outcome.detail.back() == '\r'))
        outcome.detail.pop_back();
    return outcome;
}

} // namespace phylo::llm
