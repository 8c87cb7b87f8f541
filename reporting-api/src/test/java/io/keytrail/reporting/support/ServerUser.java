package io.keytrail.reporting.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who runs the PostgreSQL programs: this process's own user, or {@code nobody} when that is root,
 * which PostgreSQL refuses. The server's directory then belongs to {@code nobody}.
 *
 * @param prefix                what runs a program as that user (empty: as this process)
 * @param prefixDyingWithParent the same, and with SIGINT for the program when its parent dies,
 *                              where {@code setpriv} can arrange it
 * @param uid                   the numeric user id to give the server's files, or {@code null} to leave them
 * @param gid                   the numeric group id to give them
 */
record ServerUser(List<String> prefix, List<String> prefixDyingWithParent, String uid, String gid) {
    private static final String UNPRIVILEGED = "nobody";

    static ServerUser forThisProcess(Path base) throws IOException {
        boolean setpriv = PostgresBinaries.run(List.of("setpriv", "--version")).isPresent();
        List<String> dying = setpriv ? List.of("setpriv", "--pdeathsig", "INT") : List.of();
        if (!"0".equals(PostgresBinaries.run(List.of("id", "-u")).orElse(""))) {
            return new ServerUser(List.of(), dying, null, null);
        }
        Optional<String> uid = PostgresBinaries.run(List.of("id", "-u", UNPRIVILEGED));
        Optional<String> gid = PostgresBinaries.run(List.of("id", "-g", UNPRIVILEGED));
        if (uid.isEmpty() || gid.isEmpty()) {
            throw new IllegalStateException("running as root, which PostgreSQL refuses, and there is no user "
                    + UNPRIVILEGED + " to run it as");
        }
        ServerUser user;
        if (setpriv) {
            List<String> drop = List.of("--reuid=" + uid.get(), "--regid=" + gid.get(), "--clear-groups");
            List<String> plain = new ArrayList<>(List.of("setpriv"));
            plain.addAll(drop);
            List<String> withDeath = new ArrayList<>(dying);
            withDeath.addAll(drop);
            user = new ServerUser(plain, withDeath, uid.get(), gid.get());
        } else if (PostgresBinaries.run(List.of("runuser", "--version")).isPresent()) {
            List<String> runuser = List.of("runuser", "-u", UNPRIVILEGED, "--");
            user = new ServerUser(runuser, runuser, uid.get(), gid.get());
        } else {
            throw new IllegalStateException("running as root, which PostgreSQL refuses, and neither setpriv nor "
                    + "runuser is there to run it as " + UNPRIVILEGED);
        }
        user.own(base);
        return user;
    }

    /** Hands {@code path} to the server's user. */
    void own(Path path) throws IOException {
        if (uid != null) {
            // numeric ids: the lookup service takes them when no name matches
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(uid));
            view.setGroup(lookup.lookupPrincipalByGroupName(gid));
        }
    }
}
