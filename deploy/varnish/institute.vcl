vcl 4.1;
# The HTTP cache between nginx and the app servers. Placeholders in {{...}} are
# filled by deploy/render_varnish.py. What it keeps is what the app marks
# shareable (Cache-Control with s-maxage, no Set-Cookie); purges come from the
# app on the "purge" listener only, never from readers (see deploy/README.md).

import directors;
import std;

{{BACKENDS}}

sub vcl_init {
    new app = directors.round_robin();
{{DIRECTOR_MEMBERS}}
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    # Purges: only on the listener the app servers talk to, never through nginx.
    if (req.method == "PURGE" || req.method == "BAN") {
        if (local.socket != "purge") {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        # One ban for everything carrying a tag (X-Cache-Tags on the response).
        if (req.http.X-Ban-Tag !~ "^[a-z0-9-]+$") {
            return (synth(400, "X-Ban-Tag missing or malformed"));
        }
        ban("obj.http.X-Cache-Tags ~ (^|\s)" + req.http.X-Ban-Tag + "(\s|$)");
        return (synth(200, "Banned"));
    }
    if (local.socket == "purge") {
        return (synth(405, "Purges only"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, previews, documents (permission-checked) and health checks.
    if (req.url ~ "^/(admin|documents)/" || req.url ~ "^/(healthz|readyz)") {
        return (pass);
    }
    # A logged-in editor, or a reader past a page's password: their own pages.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Any other cookie (a CSRF token, analytics) does not change a shared page;
    # without it every reader shares one copy. POSTs keep theirs (passed above).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # One site behind this cache, under one scheme (nginx sends plain HTTP to
    # HTTPS before it gets here): the path alone, not the Host, which readers
    # and the app's purges may spell differently (a port, a name or an address).
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    # A 503 from an app server (its database connection lost) is tried on the
    # next one, as nginx did; only for reads, which are safe to repeat.
    if (beresp.status == 503 && bereq.retries < {{RETRIES}}
            && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
    # A failed refresh of a page held in grace keeps the old copy.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.status != 200
            || beresp.http.Set-Cookie
            || beresp.http.Cache-Control !~ "s-maxage"
            || beresp.http.Cache-Control ~ "private|no-store") {
        # Not shareable: remember that for a while, and ask the app each time.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # When the app servers or the database are down, what is held is served
    # for up to a day.
    set beresp.grace = {{GRACE}};
    return (deliver);
}

sub vcl_backend_error {
    # An app server that refused the connection (stopped, restarting): the next.
    # The director turns for every fetch, so a retry may meet the same dead
    # server again until its probe marks it sick: a few tries, not one.
    if (bereq.retries < {{RETRIES}} && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
    # A refresh of a page held in grace failed: keep serving the old copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.ttl = 0s;
    set beresp.uncacheable = true;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store";
    set beresp.status = 503;
    synthetic(std.fileread("{{UNAVAILABLE_PAGE}}"));
    return (deliver);
}

sub vcl_deliver {
    # What the cache keys on stays between the app and the cache.
    unset resp.http.X-Cache-Tags;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.uncacheable) {
        set resp.http.X-HTTP-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-HTTP-Cache = "hit";
    } else {
        set resp.http.X-HTTP-Cache = "miss";
    }
    # Browsers keep a shared page briefly (max-age); s-maxage is for caches.
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    synthetic(resp.reason);
    return (deliver);
}
