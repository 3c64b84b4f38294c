package org.foosched.views.deploy;

import org.foosched.remote.deploy.PackageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageChoiceTest {

    @TempDir
    Path tmp;

    private Path file(String name, long mtime) throws Exception {
        Path p = Files.writeString(tmp.resolve(name), name);
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
        return p;
    }

    @Test
    void theNewestOfTheFormatOrTheChosenFile() throws Exception {
        file("scheduler_1.0.1_amd64.deb", 2_000_000);
        Path newest = file("scheduler_1.0.2_amd64.deb", 3_000_000);
        Path rpm = file("scheduler-1.0.2-1.x86_64.rpm", 1_000_000);
        file("notes.txt", 9_000_000);
        assertThat(new PackageChoice(tmp, PackageFormat.DEB, null).resolve()).isEqualTo(newest);
        assertThat(new PackageChoice(tmp, PackageFormat.RPM, null).resolve()).isEqualTo(rpm);
        assertThat(new PackageChoice(tmp, PackageFormat.DEB, null).describe())
                .isEqualTo("scheduler_1.0.2_amd64.deb (the workspace's latest DEB)");
        assertThat(new PackageChoice(tmp, PackageFormat.DEB, rpm).resolve()).isEqualTo(rpm);
    }

    @Test
    void noPackageSaysWhatToDo() {
        assertThatThrownBy(() -> new PackageChoice(tmp.resolve("packages"), PackageFormat.RPM, null).resolve())
                .hasMessage("no RPM package in " + tmp.resolve("packages") + " yet: build one (Build panel, with RPM and "
                        + "DEB packages) or choose a package file");
        assertThatThrownBy(() -> new PackageChoice(tmp, PackageFormat.RPM, tmp.resolve("gone.rpm")).resolve())
                .hasMessage("the chosen package " + tmp.resolve("gone.rpm") + " does not exist; choose another");
    }
}
