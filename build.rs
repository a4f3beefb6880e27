//! The Windows program's icon, version information (what Explorer shows in 属性 → 详细信息) and
//! application manifest (assets/windows/hongniang.exe.manifest: display scaling per monitor,
//! long paths, the Windows versions it is written for), compiled into the .exe with the
//! resource compiler: mingw-w64's `windres` when cross-building
//! on Linux. Other targets need nothing here (the window's icon is set when it opens).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=assets/icon.ico");
    println!("cargo::rerun-if-changed=assets/windows/hongniang.exe.manifest");
    // The target, not the machine building it: a build script runs on the host.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("assets/icon.ico")
        .set_manifest_file("assets/windows/hongniang.exe.manifest")
        .set_language(0x0804) // 中文(中华人民共和国)
        .set("ProductName", "红娘工作台")
        .set(
            "FileDescription",
            "红娘工作台 —— 相亲工作站的会员登记、查找与配对",
        )
        .set("CompanyName", "红娘工作台")
        .set("LegalCopyright", "红娘工作台的开发者")
        .set("OriginalFilename", "hongniang.exe")
        .set("InternalName", "hongniang");
    if let Err(error) = resource.compile() {
        // A Windows build without its icon is not one to hand to a station.
        panic!("the Windows resources (icon, version, manifest) could not be compiled: {error}");
    }
}
